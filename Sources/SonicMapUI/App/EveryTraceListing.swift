import SonicMapCore

/// The requests of every trace at hand, not only those behind an edge or node: the list a
/// file of several traces opens on (`sonicmap trace --file`), and `:traces` in the map
/// (a replay's snapshot traces; live, every trace of the window, searched).
extension AppState {
    /// The app showing the requests of `traces` on their own, newest first, with no network:
    /// Enter opens a timeline, Esc comes back to the list. `origin` says where they came
    /// from (`3 traces in batch.bin`).
    public static func listing(_ traces: [Trace], origin: String, settings base: Settings) -> AppState {
        var settings = base
        settings.frozenClock = true
        settings.offlineReason = "this view shows the traces of a file"
        var state = AppState(settings: settings, sourceSummary: origin)
        state.status.fixedBadge = "TRACES"
        let start = traces.map(\.startUnixNano).min() ?? 0, end = traces.map(\.endUnixNano).max() ?? 0
        // Held as the data at hand too, so `:traces` and `:trace ID` find them from a timeline.
        state.feed.data = RefreshData(sample: nil, traces: traces, time: Double(end) / 1e9)
        var list = TracesState(selection: nil, map: state.map, refreshTraces: traces, windowStart: Double(start) / 1e9, windowEnd: Double(end) / 1e9)
        list.origin = origin
        state.traces = list
        state.mode = .traces
        return state
    }

    /// `:traces`: opens the requests of every trace at hand (the last refresh's, or the
    /// snapshot's in a replay) and asks the source for every trace of the window.
    mutating func listEveryTrace() -> [AppCommand] {
        let end = status.dataTime ?? now
        var list = TracesState(selection: nil, map: map, refreshTraces: feed.data?.traces ?? [], windowStart: end - settings.windowSeconds, windowEnd: end)
        traces = list
        if mode != .traces { backStack.append(mode) }
        mode = .traces
        return searchTraces(older: false)
    }
}
