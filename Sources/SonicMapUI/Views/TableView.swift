import Foundation
import SonicMapCore

/// Nodes or edges as a sortable table, like `linkerd viz stat`: NAME, RPS, SUCCESS,
/// P50, P95, P99 and the per-hop phases.
public enum TableView {
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
        let area = s.screen.map
        let columns = TableState.columns
        let rs = s.table.rows(of: s.map)
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
        let visible = s.screen.tableRows
        let first = s.table.scroll
        for (i, row) in rs.dropFirst(first).prefix(visible).enumerated() {
            guard let data = TableRowFigures(row.selection, in: s.map) else { continue }
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

/// How a row's figures read in the table.
extension TableRowFigures {
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

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
