import SonicMapCore

/// The requests behind an edge or node: the TraceQL query, the search's state (searching,
/// Tempo's error, a remark), then one row per request — exemplar mark, start, duration,
/// root, pod, model, status, status message and a mini per-hop bar — newest first (or as
/// the preset orders them), a page at a time. When the screen is too narrow for a message
/// column of 12, the message of a failed request takes the place of its bar. Listing every
/// trace (a file's, a snapshot's) adds the first 8 digits of each trace id after the
/// duration: what tells the traces apart, and what `sonicmap trace ID --file` takes.
public enum TracesView {
    /// Where each column starts and how wide it is, for a screen `width` wide.
    struct Columns {
        let mark = 1, start = 3, duration = 12
        /// 0 when trace ids are not shown.
        let trace: Int
        let root: Int, rootWidth: Int
        let pod: Int, podWidth: Int
        let model: Int, modelWidth: Int
        let status: Int
        /// 0 when the screen is too narrow for its own column.
        let message: Int, messageWidth: Int
        let bar: Int, barWidth: Int

        /// Digits of the trace id shown.
        static let traceDigits = 8

        init(width: Int, traceIDs: Bool = false) {
            let idWidth = traceIDs ? Self.traceDigits + 1 : 0
            trace = traceIDs ? 21 : 0
            let free = max(30, width - 22 - 8 - 5 - idWidth)
            podWidth = min(20, max(12, free / 4))
            modelWidth = min(24, max(10, free / 4))
            rootWidth = min(40, max(10, free - podWidth - modelWidth - 12))
            root = 21 + idWidth
            pod = root + rootWidth + 1
            model = pod + podWidth + 1
            status = model + modelWidth + 1
            message = status + 7
            let room = min(30, width - message - 22)
            messageWidth = room >= 12 ? room : 0
            bar = messageWidth > 0 ? message + messageWidth + 1 : message
            barWidth = max(4, min(30, width - bar - 1))
        }
    }

    /// Draws the view into the area between the header and the status line.
    public static func render(_ s: AppState, _ t: TracesState, into canvas: inout Canvas) {
        let area = s.screen.body
        let g = s.settings.glyphs
        canvas.put("TraceQL ", x: 1, y: area.y, role: .muted)
        canvas.put(t.query, x: 9, y: area.y, role: .text, clip: Rect(x: 9, y: area.y, width: s.screen.width - 10, height: 1))
        let info = t.infoLines(on: s.screen, source: s.status.sourceSummary)
        for (i, line) in info.enumerated() {
            canvas.put(line.0, x: 1, y: area.y + 1 + i, role: line.1, clip: Rect(x: 1, y: area.y + 1 + i, width: s.screen.width - 2, height: 1))
        }
        let c = Columns(width: s.screen.width, traceIDs: t.selection == nil)
        let headerY = area.y + 1 + info.count
        var header: [(String, Int)] = [
            ("START", c.start), ("DURATION", c.duration), ("TRACE", c.trace), ("ROOT", c.root), ("POD", c.pod), ("MODEL", c.model), ("STATUS", c.status),
        ]
        header += c.messageWidth > 0 ? [("MESSAGE", c.message), ("PER HOP", c.bar)] : [("PER HOP/MESSAGE", c.bar)]
        for (h, x) in header where h != "TRACE" || c.trace > 0 { canvas.put(h, x: x, y: headerY, role: h == "DURATION" ? .title : .muted, clip: area) }
        let visible = s.screen.requestRows(infoLines: info.count)
        if t.rows.isEmpty, case .searching = t.status {} else if t.rows.isEmpty {
            canvas.put(t.selection == nil ? "no traces: edit the query with /" : "no requests for this selection: edit the query with /", x: 1, y: headerY + 2, role: .muted, clip: area)
        }
        for (i, row) in t.rows.dropFirst(t.scroll).prefix(visible).enumerated() {
            let y = headerY + 1 + i
            let selected = t.scroll + i == t.selectedRow
            if selected { canvas.fill(Rect(x: 0, y: y, width: s.screen.width, height: 1), role: .selection) }
            func cell(_ text: String, _ x: Int, _ role: Role, width: Int) {
                canvas.put(DisplayWidth.truncate(text, to: width), x: x, y: y, role: selected ? .selection : role, clip: area)
            }
            if row.exemplar { cell(g.isASCII ? "*" : "◆", c.mark, .key, width: 1) }
            cell(clock(row.startUnixNano), c.start, .muted, width: 8)
            let seconds = Double(row.durationNanos) / 1e9
            cell(Formatting.duration(seconds: seconds), c.duration, DetailsPanel.latencyRole(QuantileEstimate(value: seconds, bound: nil)), width: 8)
            if c.trace > 0 { cell(String(row.traceID.hex.prefix(Columns.traceDigits)), c.trace, .muted, width: Columns.traceDigits) }
            let root = row.rootName.isEmpty ? PodName(row.rootService).short : PodName(row.rootService).short + " " + row.rootName
            cell((row.orphan ? "⤷ " : "") + root, c.root, .text, width: c.rootWidth)
            if row.fetched {
                cell(PodName(row.pod).short, c.pod, .nodeTriton, width: c.podWidth)
                cell(row.model, c.model, .nodeModel, width: c.modelWidth)
                cell(row.failed ? "error" : "ok", c.status, row.failed ? .error : .healthOK, width: 5)
                if c.messageWidth > 0 { cell(row.statusMessage, c.message, .error, width: c.messageWidth) }
                if c.messageWidth == 0 && row.failed && !row.statusMessage.isEmpty {
                    cell(row.statusMessage, c.bar, .error, width: c.barWidth)
                } else {
                    let values = row.phases.present.map { ($0.0, Double($0.1) / 1e9) }
                    PhaseBar.bar(values, width: c.barWidth, glyphs: g).draw(on: &canvas, x: c.bar, y: y, width: c.barWidth)
                }
            } else {
                cell("not fetched: Enter fetches it", c.pod, .muted, width: c.podWidth + c.modelWidth + 1)
                if row.failed {
                    cell("error", c.status, .error, width: 5)
                    cell(row.statusMessage, c.messageWidth > 0 ? c.message : c.bar, .error, width: c.messageWidth > 0 ? c.messageWidth : c.barWidth)
                }
            }
        }
        let more = t.hasOlderPage ? "] next page" : "] older"
        let footer = "\(t.rows.count) requests · Enter timeline · s slowest · x errors · / edit query · \(more) · [ newer · r search again · Esc back"
        canvas.put(footer, x: 1, y: area.maxY - 1, role: .muted, clip: area)
    }

    /// `HH:MM:SS` UTC of a Unix-nanosecond time.
    static func clock(_ ns: UInt64) -> String {
        let s = ns / 1_000_000_000
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(s / 3600 % 24)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}
