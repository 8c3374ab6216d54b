import SonicMapCore
import SonicMapUI

/// Draws a `Canvas` as text: plain (for `--once`, the `text` export and tests), with
/// ANSI colours from a theme.
public enum TextRenderer {
    /// One line per row, trailing spaces removed, ending with a newline. Canvas text is
    /// already sanitised, so the result holds no escape sequences.
    public static func plain(_ canvas: Canvas) -> String {
        var out = ""
        for y in 0..<canvas.height {
            var line = canvas.line(y)
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Text with SGR colour codes, for a terminal that is not driven by curses.
    public static func ansi(_ canvas: Canvas, theme: Theme) -> String {
        var out = ""
        for y in 0..<canvas.height {
            var current: Role? = nil
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if cell.role != current {
                    out += sgr(theme.style(for: cell.role))
                    current = cell.role
                }
                out += cell.text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    static func sgr(_ s: Style) -> String {
        var codes = ["0"]
        if s.bold { codes.append("1") }
        if s.dim { codes.append("2") }
        if s.underline { codes.append("4") }
        if s.reverse { codes.append("7") }
        codes += colorCodes(s.foreground, base: 30)
        codes += colorCodes(s.background, base: 40)
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func colorCodes(_ c: Color, base: Int) -> [String] {
        switch c {
        case .terminalDefault: []
        case .indexed(let i) where i < 8: [String(base + Int(i))]
        case .indexed(let i) where i < 16: [String(base + 60 + Int(i) - 8)]
        case .indexed(let i): [String(base + 8), "5", String(i)]
        case .rgb(let r, let g, let b): [String(base + 8), "2", String(r), String(g), String(b)]
        }
    }
}
