/// `sonicmap diff`'s table for people: the nodes and edges that appeared or vanished, then
/// every edge and node with its before → after figures, the largest relative change first.
/// With `colour`, a worse figure (more errors, slower) is red and a better one green.
///
/// Rows are sorted by the largest change among rate, errors, p50, p95 and p99, so all five
/// are printed; a terminal too narrow for them gets p95 alone and a line saying so.
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

    /// The table as text; `labels` maps node ids to the short names the map shows, and
    /// `width` is the terminal's (nil: no terminal, every column).
    public static func render(
        _ diff: SnapshotDiff, before: Origin, after: Origin, labels: [String: String], colour: Bool, width: Int? = nil
    ) -> String {
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
        let edgeRows = diff.edges.map { (name($0.client) + " → " + name($0.server), $0.figures) }
        let nodeRows = diff.nodes.map { (name($0.id) + " (\($0.side.rawValue))", $0.figures) }
        let tables = { (table: Table) in
            [("EDGE", edgeRows), ("NODE", nodeRows)].filter { !$0.1.isEmpty }.flatMap { [""] + table.render(title: $0.0, rows: $0.1) }
        }
        let full = tables(Table(colour: colour, quantiles: Table.Quantile.allCases))
        if let width, tables(Table(colour: false, quantiles: Table.Quantile.allCases)).map(DisplayWidth.of).max() ?? 0 > width {
            lines += tables(Table(colour: colour, quantiles: [.p95]))
            lines += ["", "P50 and P99 are left out to fit \(width) columns; a pipe or --format json has them.",
                      "Rows are sorted by the largest change of all five figures."]
        } else {
            lines += full
        }
        if diff.edges.isEmpty && diff.nodes.isEmpty && diff.added.isEmpty && diff.removed.isEmpty {
            lines.append("")
            lines.append("no nodes or edges in either snapshot")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns: name, rate, error ratio, then the `quantiles` (latency on the edge's
    /// server side or the node's named side); each cell `before → after change`.
    private struct Table {
        enum Quantile: String, CaseIterable {
            case p50 = "P50", p95 = "P95", p99 = "P99"

            func change(_ f: SnapshotDiff.Figures) -> FigureChange {
                switch self {
                case .p50: f.p50Ms
                case .p95: f.p95Ms
                case .p99: f.p99Ms
                }
            }
        }

        var colour: Bool
        var quantiles: [Quantile]

        func render(title: String, rows: [(String, SnapshotDiff.Figures)]) -> [String] {
            let cells: [[Cell]] = rows.map { row in
                [Cell(plain: row.0, styled: row.0),
                 cell(row.1.rate, Formatting.rate, change: FigureChange.relativeText(row.1.rate), worse: nil),
                 cell(row.1.errorRatio, Formatting.percent, change: FigureChange.pointsText(row.1.errorRatio), worse: row.1.errorRatio.delta.map { $0 > 0 })]
                    + quantiles.map { q in
                        let c = q.change(row.1)
                        return cell(c, { Formatting.duration(ms: $0) }, change: FigureChange.relativeText(c), worse: c.delta.map { $0 > 0 })
                    }
            }
            let header = [title, "RATE", "ERRORS"] + quantiles.map(\.rawValue)
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
