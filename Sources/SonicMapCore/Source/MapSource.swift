/// What one refresh asks of a source.
public struct RefreshRequest: Equatable, Sendable {
    /// The window rates and quantiles are taken over, seconds.
    public var windowSeconds: Double

    public init(windowSeconds: Double) { self.windowSeconds = windowSeconds }
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
/// Sources are used from one thread at a time (the poller's), and may block there.
public protocol MapSource: AnyObject {
    /// A short description for the status line (`demo seed 1`, `tempo+prometheus`…).
    var summary: String { get }
    /// Fetches everything one refresh of the map needs.
    func refresh(_ request: RefreshRequest) throws -> RefreshData
    /// Abandons the refresh under way, if any (called from another thread when the
    /// window changes and its answer would be useless).
    func cancelInFlight()
}

extension MapSource {
    /// Sources that answer at once have nothing to cancel.
    public func cancelInFlight() {}
}
