/// Latency of one side (server or client) of an edge or node over the window.
public struct LatencyStats: Equatable, Sendable {
    public var p50: QuantileEstimate
    public var p95: QuantileEstimate
    public var p99: QuantileEstimate
    /// `sum / count`, seconds; Grafana's main stat.
    public var averageSeconds: Double?
    /// The bucket rates the quantiles came from, for the details panel.
    public var histogram: Histogram?

    public static let unknown = LatencyStats(histogram: nil, sumRate: nil, countRate: 0)

    /// Quantiles from summed bucket rates and the average from `sum/count`.
    public init(histogram: Histogram?, sumRate: Double?, countRate: Double) {
        let none = QuantileEstimate(value: .nan, bound: nil)
        self.histogram = histogram
        p50 = histogram?.quantile(0.5) ?? none
        p95 = histogram?.quantile(0.95) ?? none
        p99 = histogram?.quantile(0.99) ?? none
        if let sumRate, countRate > 0 { averageSeconds = sumRate / countRate } else { averageSeconds = nil }
    }

    /// Stats whose numbers are already known (a snapshot being replayed).
    public init(p50: QuantileEstimate, p95: QuantileEstimate, p99: QuantileEstimate, averageSeconds: Double?, histogram: Histogram?) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.averageSeconds = averageSeconds
        self.histogram = histogram
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
