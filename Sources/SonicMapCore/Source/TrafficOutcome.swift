/// The poller's answer to a request for the scrub bar's curve.
public struct TrafficOutcome: Sendable {
    /// The asker's number for the request; a newer request makes older answers moot.
    public var id: Int
    /// The curve, or why the source has none (no Prometheus, a failed query).
    public var result: Result<TrafficHistory, SourceFailure>

    public init(id: Int, result: Result<TrafficHistory, SourceFailure>) {
        self.id = id
        self.result = result
    }
}
