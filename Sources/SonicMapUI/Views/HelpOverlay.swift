import SonicMapCore

/// The `?` overlay: every key of the current view.
public enum HelpOverlay {
    static let common: [(String, String)] = [
        (":", "command: window 15m, refresh 10s, group, trace ID, theme, table, q"),
        ("p / r", "pause or resume updates / refresh now"),
        ("e", "export: json, dot, mermaid, svg, text, otlp"),
        ("Esc", "back / close"),
        ("?", "this help"),
        ("q", "quit"),
    ]

    public static func keys(for mode: ViewMode) -> (title: String, keys: [(String, String)]) {
        switch mode {
        case .map:
            return ("keys · map", [
                ("j k ↓ ↑", "select the node below / above"),
                ("h l ← →", "select a neighbour to the left / right"),
                ("Tab S-Tab", "cycle through nodes and edges"),
                ("Enter", "the requests behind the selection"),
                ("S-arrows", "pan the map"),
                ("mouse", "click selects, wheel scrolls"),
                ("g", "group by pod → deployment → role"),
                ("- / +", "collapse the selection's group / expand it"),
                ("m", "edge labels: rate, errors, p50, p95, p99, client−server gap"),
                ("t", "table of nodes / edges"),
                ("/", "filter the table by name"),
            ] + common)
        case .table:
            return ("keys · table", [
                ("j k ↓ ↑", "move"), ("s ← →", "sort by the next / previous column"), ("S", "reverse the sort"),
                ("Tab", "nodes / edges"), ("/", "filter by name"), ("Enter", "the requests behind the row"), ("t", "back to the map"),
            ] + common)
        case .traces:
            return ("keys · requests", [
                ("j k ↓ ↑", "move"), ("PgUp PgDn", "scroll a screen"), ("g G", "first / last"), ("Enter", "open the trace's timeline"),
                ("s", "slowest first (again: newest first)"), ("x", "errors only (again: every request)"),
                ("/", "edit the TraceQL query; Enter runs it"), ("] [", "older / newer page of traces"), ("r", "search again"),
                ("◆", "an exemplar of the edge's latency histogram"),
            ] + common)
        case .timeline:
            return ("keys · timeline", [
                ("j k ↓ ↑", "move"), ("PgUp PgDn", "page"), ("h l", "collapse / expand a span"), ("[ ]", "collapse / expand all"),
                ("c", "show the critical path alone"), ("z", "zoom to the span / back"), ("/", "filter: service=, name=, key=value, >10ms"),
                ("n N", "next / previous match"), ("Enter", "span details"),
            ] + common)
        }
    }

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let (title, keys) = keys(for: s.mode)
        let width = min(s.width - 4, 66)
        let height = min(s.height - 2, keys.count + 4)
        let rect = Rect(x: (s.width - width) / 2, y: (s.height - height) / 2, width: width, height: height)
        canvas.fill(rect, role: .text)
        BoxWidget.draw(rect, on: &canvas, glyphs: s.settings.glyphs, role: .title, title: title)
        for (i, (key, what)) in keys.prefix(rect.height - 4).enumerated() {
            let y = rect.y + 2 + i
            canvas.put(key, x: rect.x + 3, y: y, role: .key)
            canvas.put(what, x: rect.x + 15, y: y, role: .text, clip: Rect(x: rect.x + 15, y: y, width: rect.width - 17, height: 1))
        }
    }
}
