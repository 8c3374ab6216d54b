/// ASCII stand-ins for the non-ASCII characters sonicmap draws, used when the terminal
/// cannot show UTF-8. Anything else becomes `?`, one per column, so alignment holds.
enum ASCIIFallback {
    static let table: [Character: String] = [
        "→": ">", "←": "<", "↑": "^", "↓": "v", "▶": ">", "◀": "<", "›": ">", "…": "~", "×": "x", "µ": "u",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "╌": ".", "┆": ":", "█": "#", "▁": "_", "▂": ".", "▃": "-", "▄": "~", "▅": "=", "▆": "+", "▇": "*", "·": ".",
    ]

    static func text(for g: Character, width: Int) -> String {
        table[g] ?? String(repeating: "?", count: max(1, width))
    }
}
