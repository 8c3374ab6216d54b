/// The formats a snapshot can be exported in (`sonicmap export --format`, `e` in the TUI).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// The snapshot itself (DESIGN.md's contract); `replay` and `export --snapshot` read it.
    case json
    /// Graphviz.
    case dot
    /// A Mermaid flowchart, for GitHub Markdown.
    case mermaid
    /// A picture of the map in theme colours.
    case svg
    /// The map exactly as the terminal shows it, plain text.
    case text
    /// One trace as OTLP JSON (Grafana's "Import trace", `sonicmap trace --file`).
    case otlp

    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .dot: "dot"
        case .mermaid: "mmd"
        case .svg: "svg"
        case .text: "txt"
        case .otlp: "otlp.json"
        }
    }

    /// `./sonicmap-<UTC yyyyMMdd-HHmmss>.<ext>`.
    public func defaultPath(unixSeconds: Double) -> String {
        "./sonicmap-\(UTCTime.compact(unixSeconds)).\(fileExtension)"
    }

    /// The format a path's extension names, if any.
    public init?(path: String) {
        let lower = path.lowercased()
        guard let f = ExportFormat.allCases.sorted(by: { $0.fileExtension.count > $1.fileExtension.count })
            .first(where: { lower.hasSuffix("." + $0.fileExtension) }) else { return nil }
        self = f
    }
}
