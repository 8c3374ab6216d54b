import SonicMapCore

/// Which rows the table shows.
public enum TableKind: String, Sendable {
    case nodes, edges
}

/// Table view state: rows, sort, filter and the selected row.
public struct TableState: Equatable, Sendable {
    public var kind: TableKind = .edges
    public var sortColumn: Int = 1
    public var descending = true
    public var filter = ""
    public var selectedRow = 0
    public var scroll = 0

    public init() {}
}

/// One table row: a selection it stands for and its cells (text and sort key).
struct TableRow {
    var selection: Selection
    var cells: [(text: String, key: Double, role: Role)]
    var name: String
}

/// Nodes or edges as a sortable table, like `linkerd viz stat`: NAME, RPS, SUCCESS,
/// P50, P95, P99 and the per-hop phases.
public enum TableView {
    public static let columns = ["NAME", "RPS", "SUCCESS", "P50", "P95", "P99", "NET", "QUEUE", "INFER"]

    static func rows(_ s: AppState) -> [TableRow] {
        let t = s.table
        var rows: [TableRow] = []
        func cells(_ name: String, _ rate: Double, _ traffic: TrafficStats, _ phases: PhaseStats, estimated: Double?) -> [(String, Double, Role)] {
            let success = traffic.errorRatio.map { 1 - $0 }
            let l = traffic.latency
            func q(_ e: QuantileEstimate) -> (String, Double, Role) {
                (Formatting.quantile(e), e.isKnown ? e.value : -1, DetailsPanel.latencyRole(e))
            }
            func ph(_ p: Phase) -> (String, Double, Role) {
                guard let v = phases[p] else { return ("–", -1, .muted) }
                return (Formatting.duration(seconds: v.p50), v.p50, PhaseBar.role(p))
            }
            let rateText = estimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(rate)
            return [
                (name, 0, .text), (rateText, estimated ?? rate, estimated == nil ? .text : .estimate),
                (Formatting.percent(success), success ?? -1, NodeStyle.health(errorRatio: traffic.errorRatio, thresholds: s.settings.health)),
                q(l.p50), q(l.p95), q(l.p99), ph(.network), ph(.queue), ph(.infer),
            ]
        }
        switch t.kind {
        case .nodes:
            for n in s.map.nodes {
                let traffic = NodeStyle.primaryTraffic(n)
                rows.append(TableRow(selection: .node(n.id), cells: cells(n.id, NodeStyle.displayRate(n).rate, traffic, n.phases, estimated: nil).map { (text: $0.0, key: $0.1, role: $0.2) }, name: n.id))
            }
        case .edges:
            for e in s.map.edges {
                let name = e.key.client + " → " + e.key.server
                rows.append(TableRow(selection: .edge(e.key), cells: cells(name, e.traffic.rate, e.traffic, e.phases, estimated: e.estimatedRate).map { (text: $0.0, key: $0.1, role: $0.2) }, name: name))
            }
        }
        if !t.filter.isEmpty {
            let f = t.filter.lowercased()
            rows = rows.filter { $0.name.lowercased().contains(f) }
        }
        let c = max(0, min(t.sortColumn, columns.count - 1))
        rows.sort { a, b in
            if c == 0 { return t.descending ? a.name > b.name : a.name < b.name }
            let x = a.cells[c].key, y = b.cells[c].key
            if x != y { return t.descending ? x > y : x < y }
            return a.name < b.name
        }
        return rows
    }

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let area = ScreenLayout(width: s.width, height: s.height).map
        let rs = rows(s)
        let widths = [max(12, area.width - 8 * 9 - 2), 9, 8, 8, 8, 8, 8, 8, 8]
        var x = area.x + 1
        for (i, title) in columns.enumerated() {
            let arrow = i == s.table.sortColumn ? (s.table.descending ? "↓" : "↑") : ""
            let text = i == 0 ? title + arrow : (title + arrow).leftPadded(to: widths[i] - 1)
            canvas.put(text, x: x, y: area.y, role: i == s.table.sortColumn ? .title : .muted, clip: area)
            x += widths[i]
        }
        let visible = area.height - 2
        let first = s.table.scroll
        for (i, row) in rs.dropFirst(first).prefix(visible).enumerated() {
            let y = area.y + 1 + i
            let selected = first + i == s.table.selectedRow
            if selected { canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .selection) }
            var cx = area.x + 1
            for (c, cell) in row.cells.enumerated() {
                let w = widths[c] - 1
                let text = c == 0 ? DisplayWidth.truncate(cell.text, to: w) : cell.text.leftPadded(to: w)
                canvas.put(text, x: cx, y: y, role: selected ? .selection : cell.role, clip: Rect(x: cx, y: y, width: w, height: 1))
                cx += widths[c]
            }
        }
        let footer = "\(rs.count) \(s.table.kind.rawValue)" + (s.table.filter.isEmpty ? "" : " matching “\(s.table.filter)”")
            + " · s sort column · S reverse · / filter · n/e nodes/edges · Enter select"
        canvas.put(footer, x: area.x + 1, y: area.maxY - 1, role: .muted, clip: area)
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
