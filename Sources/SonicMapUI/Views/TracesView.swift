import SonicMapCore

/// The requests behind an edge or node: start, duration, root, pod, model, status and a
/// mini per-hop bar, slowest first.
public enum TracesView {
    public static func render(_ s: AppState, _ t: TracesState, into canvas: inout Canvas) {
        let area = Rect(x: 0, y: 1, width: s.width, height: s.height - 2)
        let g = s.settings.glyphs
        canvas.put("TraceQL ", x: 1, y: area.y, role: .muted)
        canvas.put(t.query, x: 9, y: area.y, role: .text, clip: Rect(x: 9, y: area.y, width: s.width - 10, height: 1))
        let barWidth = max(8, min(30, s.width - 96))
        let header = ["START", "DURATION", "ROOT", "POD", "MODEL", "STATUS", "PER HOP"]
        let xs = [1, 11, 21, 21 + 26, 47 + 16, 63 + 20, 83 + 8]
        for (i, h) in header.enumerated() {
            canvas.put(h, x: xs[i], y: area.y + 1, role: i == 1 ? .title : .muted, clip: area)
        }
        let visible = area.height - 3
        if t.rows.isEmpty {
            canvas.put("no traced requests for this selection in the fetched traces", x: 1, y: area.y + 3, role: .muted)
        }
        for (i, row) in t.rows.dropFirst(t.scroll).prefix(visible).enumerated() {
            let y = area.y + 2 + i
            let selected = t.scroll + i == t.selectedRow
            if selected { canvas.fill(Rect(x: 0, y: y, width: s.width, height: 1), role: .selection) }
            func cell(_ text: String, _ col: Int, _ role: Role, width: Int) {
                canvas.put(DisplayWidth.truncate(text, to: width), x: xs[col], y: y, role: selected ? .selection : role)
            }
            cell(clock(row.startUnixNano), 0, .muted, width: 9)
            cell(Formatting.duration(seconds: Double(row.durationNanos) / 1e9), 1, DetailsPanel.latencyRole(QuantileEstimate(value: Double(row.durationNanos) / 1e9, bound: nil)), width: 9)
            cell((row.orphan ? "⤷ " : "") + PodName(row.rootService).short + " " + row.rootName, 2, .text, width: 25)
            cell(PodName(row.pod).short, 3, .nodeTriton, width: 15)
            cell(row.model, 4, .nodeModel, width: 19)
            cell((row.failed ? "error" : "ok") + (row.exemplar ? " ◆" : ""), 5, row.failed ? .error : .healthOK, width: 7)
            let values = row.phases.present.map { ($0.0, Double($0.1) / 1e9) }
            PhaseBar.bar(values, width: barWidth, glyphs: g).draw(on: &canvas, x: xs[6], y: y, width: barWidth)
        }
        let footer = "\(t.rows.count) requests · Enter timeline · j/k move · / edit query · Esc back"
        canvas.put(footer, x: 1, y: area.maxY - 1, role: .muted, clip: area)
    }

    /// `HH:MM:SS` UTC of a Unix-nanosecond time.
    static func clock(_ ns: UInt64) -> String {
        let s = ns / 1_000_000_000
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(s / 3600 % 24)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}
