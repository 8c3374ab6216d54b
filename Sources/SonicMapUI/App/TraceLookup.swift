import SonicMapCore

/// Searching and fetching traces: `update` asks the poller for them with commands and
/// takes the answers in as events, so the UI thread never waits for the source.
extension AppState {
    /// A fresh number for a search or fetch.
    mutating func nextRequestID() -> Int {
        lastRequestID += 1
        return lastRequestID
    }

    /// Opens the requests behind `sel` (Enter on the map or in the table): at once with
    /// the last refresh's traces, and asks the source for the selection's search.
    mutating func drillIn(_ sel: Selection) -> [AppCommand] {
        let end = status.dataTime ?? now
        traces = TracesState(selection: sel, map: map, refreshTraces: feed.data?.traces ?? [], windowStart: end - settings.windowSeconds, windowEnd: end)
        mapView.selection = sel
        backStack.append(mode)
        mode = .traces
        return searchTraces(older: false)
    }

    /// Runs the traces view's query: the first page again, or the next older page. Offline
    /// (a replay, one trace on its own) the rows of the data at hand stay, with the reason.
    mutating func searchTraces(older: Bool) -> [AppCommand] {
        guard var t = traces else { return [] }
        if let why = settings.offlineReason {
            t.searchUnavailable("searching traces is unavailable: \(why); these are the requests at hand")
            traces = t
            return []
        }
        let id = nextRequestID()
        let request = t.searchRequest(older: older)
        t.startSearch(id: id, older: older)
        traces = t
        return [.searchTraces(request, id: id)]
    }

    mutating func receive(_ outcome: TraceSearchOutcome) -> [AppCommand] {
        guard var t = traces, t.awaits(outcome.id) else { return [] }
        t.receive(outcome, map: map)
        traces = t
        return []
    }

    /// Opens the timeline of `id`: at once when the trace is held, else once fetched.
    mutating func openTrace(_ id: TraceID) -> [AppCommand] {
        if let trace = traces?.traces[id] ?? feed.data?.traces.first(where: { $0.traceID == id }) {
            openTimeline(trace)
            return []
        }
        if refuseOffline("fetching trace \(id.hex)") { return [] }
        let request = nextRequestID()
        pendingTrace = PendingTrace(id: request, traceID: id)
        chrome.message = "fetching trace \(id.hex)…"
        return [.fetchTrace(id, id: request)]
    }

    mutating func receive(_ outcome: TraceFetchOutcome) {
        guard pendingTrace?.id == outcome.id else { return }
        pendingTrace = nil
        let trace: Trace
        switch outcome.result {
        case .success(let fetched): trace = fetched
        case .failure(let failure):
            chrome.message = failure.message
            return
        }
        chrome.message = nil
        traces?.hold(trace)
        openTimeline(trace)
    }
}
