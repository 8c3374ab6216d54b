/// `sonicmap diff`'s table for people: the nodes and edges that appeared or vanished, then
/// every edge and node with its before → after figures, the largest relative change first.
/// With `colour`, a worse figure (more errors, slower) is red and a better one green.
public enum SnapshotDiffText {
    /// One of the two snapshots compared: how to name it, and the time its data is of.
    public struct Origin: Equatable, Sendable {
        public var name: String
        public var dataTime: Double

        public init(name: String, dataTime: Double) {
            self.name = name
            self.dataTime = dataTime
        }
    }

    /// The table as text; `labels` maps node ids to the short names the map shows.
    public static func render(_ diff: SnapshotDiff, before: Origin, after: Origin, labels: [String: String], colour: Bool) -> String {
        let name = { (id: String) in SafeText.clean(labels[id] ?? id) }
        var lines = [
            "sonicmap diff: \(SafeText.clean(before.name)) (\(UTCTime.rfc3339(before.dataTime))) → \(SafeText.clean(after.name)) (\(UTCTime.rfc3339(after.dataTime)))"
        ]
        for (title, members) in [("added", diff.added), ("removed", diff.removed)] where !members.isEmpty {
            lines.append("")
            lines.append("\(title):")
            for member in members {
                switch member {
                case .node(let id, let role): lines.append("  node \(name(id)) (\(role.rawValue))")
                case .edge(let client, let server): lines.append("  edge \(name(client)) → \(name(server))")
                }
            }
        }
        let table = Table(colour: colour)
        let edgeRows = diff.edges.map { (name($0.client) + " → " + name($0.server), $0.figures) }
        let nodeRows = diff.nodes.map { (name($0.id) + " (\($0.side.rawValue))", $0.figures) }
        for (title, rows) in [("EDGE", edgeRows), ("NODE", nodeRows)] where !rows.isEmpty {
            lines.append("")
            lines += table.render(title: title, rows: rows)
        }
        if diff.edges.isEmpty && diff.nodes.isEmpty && diff.added.isEmpty && diff.removed.isEmpty {
            lines.append("")
            lines.append("no nodes or edges in either snapshot")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns: name, rate, error ratio, p95 (latency on the edge's server side or the
    /// node's named side); each cell `before → after change`.
    private struct Table {
        var colour: Bool

        func render(title: String, rows: [(String, SnapshotDiff.Figures)]) -> [String] {
            let cells: [[Cell]] = rows.map { row in
                [Cell(plain: row.0, styled: row.0),
                 cell(row.1.rate, Formatting.rate, change: FigureChange.relativeText(row.1.rate), worse: nil),
                 cell(row.1.errorRatio, Formatting.percent, change: FigureChange.pointsText(row.1.errorRatio), worse: row.1.errorRatio.delta.map { $0 > 0 }),
                 cell(row.1.p95Ms, { Formatting.duration(ms: $0) }, change: FigureChange.relativeText(row.1.p95Ms), worse: row.1.p95Ms.delta.map { $0 > 0 })]
            }
            let header = [title, "RATE", "ERRORS", "P95"]
            let widths = (0..<header.count).map { c in ([header[c]] + cells.map { $0[c].plain }).map(DisplayWidth.of).max() ?? 0 }
            let line = { (texts: [String], plain: [String]) in
                zip(texts.indices, texts).map { c, text in text + String(repeating: " ", count: widths[c] - DisplayWidth.of(plain[c])) }
                    .joined(separator: "  ").trimmingTrailingSpaces()
            }
            return [line(header, header)] + cells.map { row in line(row.map(\.styled), row.map(\.plain)) }
        }

        /// A cell's text, and the same with colour (equal when not coloured).
        private struct Cell {
            var plain: String
            var styled: String
        }

        private func cell(_ change: FigureChange, _ format: @escaping (Double) -> String, change text: String, worse: Bool?) -> Cell {
            let side = { (v: Double?, bound: QuantileEstimate.Bound?) in v.map { (bound?.rawValue ?? "") + format($0) } ?? "–" }
            let plain = side(change.before, change.beforeBound) + " → " + side(change.after, change.afterBound) + (text.isEmpty ? "" : " " + text)
            guard colour, let worse, change.delta != 0 else { return Cell(plain: plain, styled: plain) }
            return Cell(plain: plain, styled: (worse ? "\u{1B}[31m" : "\u{1B}[32m") + plain + "\u{1B}[0m")
        }

    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
