import SonicMapCore

/// Jump-outs, as in k9s: `y` copies the selected trace's id and `o` a link to Grafana
/// Explore, both through the terminal's clipboard (OSC 52, so they work over ssh).
///
/// Only what sonicmap makes itself is copied: the 32-hex trace id, or a link built from
/// the configured base URL, datasource uid, that id and times. Span text never is.
extension AppState {
    /// The trace the view on screen has selected, with its start and end (Unix seconds):
    /// the row of the requests list, or the trace of the timeline and its span details.
    /// The map and the table select nodes and edges, which have many traces.
    var selectedTrace: (id: TraceID, start: Double, end: Double)? {
        switch mode {
        case .traces:
            guard let t = traces, t.rows.indices.contains(t.selectedRow) else { return nil }
            let row = t.rows[t.selectedRow]
            return (row.traceID, Double(row.startUnixNano) / 1e9, Double(row.startUnixNano &+ row.durationNanos) / 1e9)
        case .timeline:
            guard let trace = timeline?.shared.tree.trace else { return nil }
            return (trace.traceID, Double(trace.startUnixNano) / 1e9, Double(trace.endUnixNano) / 1e9)
        default:
            return nil
        }
    }

    /// `y`: the selected trace's id to the clipboard.
    mutating func copyTraceID() -> [AppCommand] {
        guard let trace = selectedTrace else {
            chrome.message = mode == .map || mode == .table
                ? "y copies a trace's id: the selection has many traces; Enter lists its requests, then y copies one's"
                : "no trace selected to copy"
            return []
        }
        chrome.message = "copied trace id \(trace.id.hex.prefix(8))… (OSC 52)"
        return [.copy(trace.id.hex)]
    }

    /// `o`: a Grafana Explore link to the selected trace, or else to the service map over
    /// the map's window (the data's time minus the window, to the data's time).
    mutating func linkToGrafana() -> [AppCommand] {
        guard let grafana = settings.grafana else {
            chrome.message = settings.sources.demo != nil
                ? "o links to Grafana, which holds no simulated data: use it with a live source and grafana: in the config"
                : "o needs Grafana's address: add 'grafana: https://…' to the config file (sonicmap config show names it)"
            return []
        }
        let link: String
        if let trace = selectedTrace {
            link = grafana.trace(trace.id, from: trace.start, to: trace.end)
        } else {
            let end = status.dataTime ?? settings.at ?? now
            link = grafana.serviceMap(from: end - settings.windowSeconds, to: end)
        }
        chrome.message = DisplayWidth.truncate("copied Grafana link (OSC 52): " + link, to: screen.width - 1)
        return [.copy(link)]
    }
}
