/// What one refresh asks of a source.
public struct RefreshRequest: Equatable, Sendable {
    /// The window rates and quantiles are taken over, seconds.
    public var windowSeconds: Double
    /// The end of the window, Unix seconds, when looking back (`--at T`): every query is
    /// evaluated and every search ends there. Nil: now, by the source's clock. The demo
    /// ignores it: its own clock is the simulated time.
    public var at: Double?

    public init(windowSeconds: Double, at: Double? = nil) {
        self.windowSeconds = windowSeconds
        self.at = at
    }
}

/// What one refresh produced: plain values, whichever source they came from.
public struct RefreshData: Equatable, Sendable {
    /// Service-graph and per-pod metrics, nil when the source has none.
    public var sample: ServiceGraphSample?
    /// Recent traces for the window (pairing fallback, roles, orphans).
    public var traces: [Trace]
    /// Unix seconds the data describes.
    public var time: Double
    /// Things that went partly wrong but left usable data.
    public var warnings: [String]

    public init(sample: ServiceGraphSample?, traces: [Trace], time: Double, warnings: [String] = []) {
        self.sample = sample
        self.traces = traces
        self.time = time
        self.warnings = warnings
    }
}

/// A source of map data: the Tempo and Prometheus clients, the demo simulator and a
/// snapshot file all look the same to the poller and the model.
///
/// Sources are used from one thread at a time (the poller's), and may block there; only
/// `cancelInFlight` comes from another thread, so a source must be `Sendable`.
public protocol MapSource: AnyObject, Sendable {
    /// A short description for the status line (`demo seed 1`, `tempo+prometheus`…).
    var summary: String { get }
    /// Fetches everything one refresh of the map needs.
    func refresh(_ request: RefreshRequest) throws -> RefreshData
    /// Abandons the refresh under way, if any (called from another thread when the
    /// window changes and its answer would be useless).
    func cancelInFlight()
    /// Searches traces with TraceQL and lists the exemplars of `request.exemplars`, for the
    /// traces view. A source without traces throws `TraceLookupError.unavailable` (the default).
    func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult
    /// One trace by id (`:trace`, a row not fetched yet). A source without traces throws
    /// `TraceLookupError.unavailable` (the default); an unknown id, a not-found error.
    func fetchTrace(id: TraceID) throws -> Trace
    /// The traffic of the last `request.spanSeconds` up to the source's now, for the scrub
    /// bar. A source without metrics throws a `.unavailable` failure (the default).
    func traffic(_ request: TrafficRequest) throws -> TrafficHistory
}

extension MapSource {
    /// Sources that answer at once have nothing to cancel.
    public func cancelInFlight() {}

    /// Sources without traces cannot search.
    public func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult {
        throw TraceLookupError.unavailable(what: "trace search", source: summary)
    }

    /// Sources without traces cannot fetch one.
    public func fetchTrace(id: TraceID) throws -> Trace {
        throw TraceLookupError.unavailable(what: "fetching a trace by id", source: summary)
    }

    /// Sources without metrics have no traffic curve.
    public func traffic(_ request: TrafficRequest) throws -> TrafficHistory {
        throw SourceFailure(.unavailable, "the traffic curve needs Prometheus (this source: \(summary))")
    }
}
