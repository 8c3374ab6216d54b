import SonicMapCore

/// What refreshes brought and the app keeps between them: the map is rebuilt from it, and
/// a snapshot records it.
public struct DataFeed: Equatable, Sendable {
    /// Traces kept for snapshots at most.
    public static let maxOpenedTraces = 20

    /// The last good data, kept while later refreshes fail.
    public var data: RefreshData?
    /// Keeps vanished nodes and edges on the map, muted, for the window.
    public var fadeOut = FadeOut()
    /// Rate, errors and p95 per node and edge over the window, for sparklines.
    public var history: History
    /// The map of another time the one on screen is compared with (`:compare`), if any.
    public var comparison: Comparison?
    /// The last hour's traffic behind the scrub bar, once fetched.
    public var traffic: TrafficHistory?
    /// Why the source has no traffic curve, when it said so.
    public var trafficProblem: String?
    /// When the curve was last asked for (wall seconds), and the number of that request.
    public var trafficAskedAt: Double?
    public var trafficRequestID: Int?
    /// Traces opened in the timeline, newest last, kept for snapshots (at most `maxOpenedTraces`).
    public var openedTraces: [Trace] = []

    public init(settings: Settings) {
        history = History(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds)
    }

    /// Remembers a trace opened in the timeline: once, as the newest.
    mutating func remember(_ trace: Trace) {
        openedTraces.removeAll { $0.traceID == trace.traceID }
        openedTraces.append(trace)
        if openedTraces.count > Self.maxOpenedTraces { openedTraces.removeFirst(openedTraces.count - Self.maxOpenedTraces) }
    }
}
