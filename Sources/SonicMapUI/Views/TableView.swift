import Foundation
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

/// One table row, unformatted: what it stands for and the number it sorts on. Rows are
/// sorted on numbers and only the page on screen is formatted: 1000 pods make 32k edges.
struct TableRow {
    var selection: Selection
    /// The sort column's value (-1 where unknown; 0 for the name column).
    var key: Double

    var name: String {
        switch selection {
        case .node(let id): id
        case .edge(let k): k.client + " → " + k.server
        }
    }
}

/// Nodes or edges as a sortable table, like `linkerd viz stat`: NAME, RPS, SUCCESS,
/// P50, P95, P99 and the per-hop phases.
public enum TableView {
    public static let columns = ["NAME", "RPS", "SUCCESS", "P50", "P95", "P99", "NET", "QUEUE", "INFER"]

    /// What a row shows: its name and numbers, for a node or an edge alike.
    struct RowData {
        var rate: Double
        var estimated: Double?
        var traffic: TrafficStats
        /// The share of failed requests, from the same source as `rate`.
        var errorRatio: Double?
        var phases: PhaseStats
        var lastSeen: Double?

        /// A node's own rate and, when its source counts failures, its own errors, as its
        /// box on the map shows them; else its primary side's.
        init(_ n: MapNode) {
            let own = n.displayRate
            rate = own.rate
            traffic = NodeStyle.primaryTraffic(n)
            errorRatio = own.failedRate == nil ? traffic.errorRatio : own.errorRatio
            phases = n.phases
            lastSeen = n.lastSeen
        }

        init(_ e: MapEdge) {
            rate = e.traffic.rate
            estimated = e.estimatedRate
            traffic = e.traffic
            errorRatio = e.traffic.errorRatio
            phases = e.phases
            lastSeen = e.lastSeen
        }

        static let phaseColumns: [Int: Phase] = [6: .network, 7: .queue, 8: .infer]

        /// Column `c`'s sort value; the same numbers `cells` formats.
        func key(_ c: Int) -> Double {
            let l = traffic.latency
            switch c {
            case 1: return estimated ?? rate
            case 2: return errorRatio.map { 1 - $0 } ?? -1
            case 3, 4, 5:
                let q = c == 3 ? l.p50 : c == 4 ? l.p95 : l.p99
                return q.isKnown ? q.value : -1
            case 6, 7, 8: return phases[RowData.phaseColumns[c]!]?.p50 ?? -1
            default: return 0
            }
        }

        func cells(name: String, thresholds: HealthThresholds) -> [(text: String, role: Role)] {
            func q(_ e: QuantileEstimate) -> (String, Role) { (Formatting.quantile(e), DetailsPanel.latencyRole(e)) }
            func ph(_ p: Phase) -> (String, Role) {
                guard let v = phases[p] else { return ("–", .muted) }
                return (Formatting.duration(seconds: v.p50), PhaseBar.role(p))
            }
            let l = traffic.latency
            let rateText = estimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(rate)
            let cells: [(text: String, role: Role)] = [
                (name, .text), (rateText, estimated == nil ? .text : .estimate),
                (Formatting.percent(errorRatio.map { 1 - $0 }), NodeStyle.health(errorRatio: errorRatio, thresholds: thresholds)),
                q(l.p50), q(l.p95), q(l.p99), ph(.network), ph(.queue), ph(.infer),
            ]
            // A row that vanished from the data keeps its last numbers, muted.
            return lastSeen == nil ? cells : cells.map { ($0.text, Role.muted) }
        }

        /// `gone 40s` for a row that vanished from the data, shown after its name; else
        /// which side its latencies are when not the server's (`cli`, `env`).
        func marker(now: Double) -> String? {
            if let seen = lastSeen { return "gone " + Formatting.age(seconds: now - seen) }
            let side = traffic.latency.side.marker.trimmingCharacters(in: .whitespaces)
            return side.isEmpty ? nil : side
        }
    }

    static func data(_ sel: Selection, _ map: ServiceMap) -> RowData? {
        switch sel {
        case .node(let id): map.node(id).map(RowData.init)
        case .edge(let k): map.edge(k).map(RowData.init)
        }
    }

    /// Name order: node ids, then edges by client and server.
    static func nameOrder(_ a: Selection, _ b: Selection) -> Bool {
        switch (a, b) {
        case (.node(let x), .node(let y)): x < y
        case (.edge(let x), .edge(let y)): x < y
        case (.node, .edge): true
        case (.edge, .node): false
        }
    }

    /// The rows matching the filter, sorted; nothing is formatted here.
    static func rows(_ s: AppState) -> [TableRow] {
        let t = s.table
        let c = max(0, min(t.sortColumn, columns.count - 1))
        var rows: [TableRow]
        switch t.kind {
        case .nodes: rows = s.map.nodes.map { TableRow(selection: .node($0.id), key: RowData($0).key(c)) }
        case .edges: rows = s.map.edges.map { TableRow(selection: .edge($0.key), key: RowData($0).key(c)) }
        }
        if !t.filter.isEmpty {
            let f = t.filter.lowercased()
            rows = rows.filter { $0.name.lowercased().contains(f) }
        }
        rows.sort { a, b in
            if c == 0 { return t.descending ? nameOrder(b.selection, a.selection) : nameOrder(a.selection, b.selection) }
            if a.key != b.key { return t.descending ? a.key > b.key : a.key < b.key }
            return nameOrder(a.selection, b.selection)
        }
        return rows
    }

    /// The end of `text` in `width` columns, `…` in front when it is cut.
    static func tail(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var kept: [Character] = []
        var used = 1
        for c in text.reversed() {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            kept.append(c)
            used += w
        }
        return "…" + String(kept.reversed())
    }

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let area = ScreenLayout(width: s.width, height: s.height).map
        let rs = rows(s)
        // P50, P95, P99 fit a classic bucket range (`100–250ms`).
        let numbers = [9, 8, 10, 10, 10, 8, 8, 8]
        let widths = [max(12, area.width - numbers.reduce(0, +) - 2)] + numbers
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
            guard let data = data(row.selection, s.map) else { continue }
            let y = area.y + 1 + i
            let selected = first + i == s.table.selectedRow
            if selected { canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .selection) }
            var cx = area.x + 1
            let mark = data.marker(now: s.map.time)
            for (c, cell) in data.cells(name: row.name, thresholds: s.settings.health).enumerated() {
                let w = widths[c] - 1
                var text = cell.text.leftPadded(to: w)
                if c == 0 {
                    // The marker stays whole; the name gives way from the front, since a pod's
                    // suffix is what tells it from its siblings.
                    text = mark.map { tail(cell.text, to: max(1, w - DisplayWidth.of($0) - 2)) + "  " + $0 }
                        ?? DisplayWidth.truncate(cell.text, to: w)
                }
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
