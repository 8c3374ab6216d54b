/// How a latency's quantiles were computed, as the snapshot's `source` says.
public enum LatencySource: String, Sendable, CaseIterable {
    /// `histogram_quantile` over a native histogram (buckets about 9 % wide): precise.
    case native
    /// `histogram_quantile` over classic `_bucket` series: interpolated inside buckets
    /// that may double, so each quantile keeps the bucket it fell in.
    case classic
    /// Exact quantiles over the durations of fetched spans.
    case traces
}

/// Which duration a latency measures.
public enum LatencySide: String, Sendable, CaseIterable {
    /// The called service's span (Triton's `InferRequest`): the time spent inside it.
    case server
    /// The caller's span (Envoy's ingress in SuperSONIC): the whole round trip as the caller saw it.
    case client
    /// Envoy's own `downstream_rq_time`: from the first byte received to the last byte sent.
    case envoy

    /// How the side reads in the details panel and the exports.
    public var label: String {
        switch self {
        case .server: "server side"
        case .client: "client side"
        case .envoy: "envoy timer"
        }
    }

    /// What a box, a table row or an export puts before a latency of this side: nothing
    /// for the server side (the map's default), `cli ` or `env ` otherwise.
    public var marker: String {
        switch self {
        case .server: ""
        case .client: "cli "
        case .envoy: "env "
        }
    }
}
