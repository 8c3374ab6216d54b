/// Latency of one side (server or client) of an edge or node over the window, and where
/// it came from.
public struct LatencyStats: Equatable, Sendable {
    public var p50: QuantileEstimate
    public var p95: QuantileEstimate
    public var p99: QuantileEstimate
    /// `sum / count`, seconds; Grafana's main stat.
    public var averageSeconds: Double?
    /// The bucket rates the quantiles came from, for the details panel.
    public var histogram: Histogram?
    /// Native or classic buckets (or exact, from traces).
    public var source: LatencySource
    /// Which span's duration this is: the server's, the client's, or Envoy's own timer.
    public var side: LatencySide
    /// The metric set it was read from.
    public var origin: RateSource

    public static let unknown = LatencyStats(histogram: nil, sumRate: nil, countRate: 0)

    /// Quantiles from summed bucket rates and the average from `sum/count`. Classic
    /// quantiles keep the bucket they fell in; native ones are precise and keep none.
    public init(
        histogram: Histogram?, sumRate: Double?, countRate: Double, source: LatencySource = .classic, side: LatencySide = .server,
        origin: RateSource = .serviceGraph
    ) {
        let none = QuantileEstimate(value: .nan, bound: nil)
        func q(_ f: Double) -> QuantileEstimate {
            guard let e = histogram?.quantile(f) else { return none }
            return source == .classic ? e : e.withoutRange
        }
        self.histogram = histogram
        p50 = q(0.5)
        p95 = q(0.95)
        p99 = q(0.99)
        if let sumRate, countRate > 0 { averageSeconds = sumRate / countRate } else { averageSeconds = nil }
        self.source = source
        self.side = side
        self.origin = origin
    }

    /// Stats whose numbers are already known (a snapshot being replayed).
    public init(
        p50: QuantileEstimate, p95: QuantileEstimate, p99: QuantileEstimate, averageSeconds: Double?, histogram: Histogram?,
        source: LatencySource = .classic, side: LatencySide = .server, origin: RateSource = .serviceGraph
    ) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.averageSeconds = averageSeconds
        self.histogram = histogram
        self.source = source
        self.side = side
        self.origin = origin
    }

    /// Whether any quantile is known.
    public var isKnown: Bool { p50.isKnown || p95.isKnown || p99.isKnown }

    /// The same numbers said to be of another side or origin.
    public func labelled(side: LatencySide, origin: RateSource? = nil) -> LatencyStats {
        var l = self
        l.side = side
        if let origin { l.origin = origin }
        return l
    }
}

/// Rate, errors and latency of traffic into or out of something.
public struct TrafficStats: Equatable, Sendable {
    /// Requests per second, as counted (sampled traffic when spans are sampled).
    public var rate: Double
    public var failedRate: Double
    public var latency: LatencyStats

    public static let zero = TrafficStats(rate: 0, failedRate: 0, latency: .unknown)

    public init(rate: Double, failedRate: Double, latency: LatencyStats) {
        self.rate = rate
        self.failedRate = failedRate
        self.latency = latency
    }

    /// failed / total, or nil without traffic.
    public var errorRatio: Double? { rate > 0 ? min(1, failedRate / rate) : nil }
}
