import SonicMapCore

/// Everything that can happen to the app. `update` is the only place state changes.
public enum AppEvent: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// A refresh finished: fresh data, or the error that stopped it.
    case refreshed(PollOutcome)
    /// The clock moved (wall seconds), so ages on screen change.
    case tick(now: Double)
    /// A search asked with `AppCommand.searchTraces` finished.
    case tracesFound(TraceSearchOutcome)
    /// A trace asked with `AppCommand.fetchTrace` arrived, or could not be fetched.
    case traceFetched(TraceFetchOutcome)
    /// A baseline asked with `AppCommand.fetchBaseline` arrived, or could not be had.
    case baselineFetched(BaselineOutcome)
    /// The curve asked with `AppCommand.fetchTraffic` arrived, or could not be had.
    case trafficFetched(TrafficOutcome)
    /// An export asked for with `.export` finished.
    case exported(ExportOutcome)
}

/// Work `update` asks the outside world to do; the UI itself performs no I/O.
public enum AppCommand: Equatable, Sendable {
    case quit(exitCode: Int32)
    case refreshNow
    case setWindow(seconds: Double)
    case setRefresh(seconds: Double)
    case setPaused(Bool)
    /// Look at the window ending at this Unix time, refreshing once; nil: back to now.
    case lookAt(Double?)
    /// Fetch the map data of the window ending at `at` off the UI thread, to compare with;
    /// the answer comes back as `.baselineFetched` with this `id`.
    case fetchBaseline(at: Double, windowSeconds: Double, id: Int)
    /// Fetch the traffic of the last hour off the UI thread, for the scrub bar; the answer
    /// comes back as `.trafficFetched` with this `id`.
    case fetchTraffic(TrafficRequest, id: Int)
    /// Search traces off the UI thread; the answer comes back as `.tracesFound` with this `id`.
    case searchTraces(TraceSearchRequest, id: Int)
    /// Fetch one trace off the UI thread; the answer comes back as `.traceFetched` with this `id`.
    case fetchTrace(TraceID, id: Int)
    /// Write a snapshot file (off the UI thread); the result comes back as `.exported`.
    case export(ExportJob)
    /// Put `text` on the terminal's clipboard (OSC 52, between frames): a trace id or a
    /// Grafana link, never span text.
    case copy(String)
}
