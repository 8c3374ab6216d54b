/// A trace a Prometheus histogram points to: one observation of an edge's server latency
/// and the trace it came from.
public struct TraceExemplar: Equatable, Sendable {
    public var traceID: TraceID
    /// The observed server latency, seconds.
    public var seconds: Double
    /// Unix seconds of the observation.
    public var time: Double

    public init(traceID: TraceID, seconds: Double, time: Double) {
        self.traceID = traceID
        self.seconds = seconds
        self.time = time
    }

    /// The traces behind a `query_exemplars` answer: slowest first, one per trace, at most `limit`.
    public static func slowest(_ series: [PrometheusExemplarSeries], limit: Int) -> [TraceExemplar] {
        var best: [TraceID: TraceExemplar] = [:]
        for s in series {
            for e in s.exemplars {
                guard let id = e.traceID, e.value.isFinite else { continue }
                if let seen = best[id], seen.seconds >= e.value { continue }
                best[id] = TraceExemplar(traceID: id, seconds: e.value, time: e.time)
            }
        }
        return best.values.sorted { ($0.seconds, $0.time, $0.traceID) > ($1.seconds, $1.time, $1.traceID) }.prefix(max(0, limit)).map { $0 }
    }
}
