import SonicMapUI

extension Canvas {
    /// The expected side of a buffer test with styles, like ratatui's `Buffer::with_lines`
    /// followed by `set_style`: `lines` as text, and `roles` one `RoleSymbol` per column
    /// (both columns of a wide grapheme carry its symbol). Comparing a drawn canvas with
    /// it checks every cell's text and role at once.
    public init(lines: [String], roles: [String]) {
        self.init(lines: lines)
        let table = Dictionary(uniqueKeysWithValues: Role.allCases.map { (RoleSymbol.of($0), $0) })
        precondition(roles.count == height, "one role row per line")
        for (y, row) in roles.enumerated() {
            precondition(row.count == width, "role row \(y) is \(row.count) columns, the canvas \(width)")
            for (x, symbol) in row.enumerated() {
                guard let role = table[symbol] else { preconditionFailure("no role has the symbol \(symbol)") }
                self[x, y].role = role
            }
        }
    }
}
