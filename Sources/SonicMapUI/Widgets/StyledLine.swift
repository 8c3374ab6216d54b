import SonicMapCore

/// A line of text made of runs, each in its own role.
public struct StyledLine: Equatable, Sendable {
    public var runs: [(text: String, role: Role)]

    public init(_ runs: [(String, Role)] = []) {
        self.runs = runs.map { (text: $0.0, role: $0.1) }
    }

    public init(_ text: String, _ role: Role = .text) {
        self.init([(text, role)])
    }

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.runs.map(\.text) == b.runs.map(\.text) && a.runs.map(\.role) == b.runs.map(\.role)
    }

    /// A `label value` pair with the label muted.
    public static func field(_ label: String, _ value: String, _ role: Role = .text) -> StyledLine {
        StyledLine([(label + " ", .muted), (value, role)])
    }

    /// A section heading.
    public static func heading(_ text: String) -> StyledLine { StyledLine(text, .title) }

    /// Draws the line at (x, y), clipped to `width` columns.
    public func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let clip = Rect(x: x, y: y, width: width, height: 1)
        var col = x
        for run in runs {
            col += canvas.put(run.text, x: col, y: y, role: run.role, clip: clip)
            if col >= x + width { break }
        }
    }
}
