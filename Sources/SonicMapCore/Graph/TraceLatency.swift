/// Exact quantiles over the durations of fetched spans, with how many there were: shown
/// beside the histogram figure, which only knows buckets.
public struct TraceLatency: Equatable, Sendable {
    /// Spans measured.
    public var n: Int
    /// Seconds, nearest rank (the ⌈q·n⌉-th smallest).
    public var p50: Double
    public var p95: Double
    public var p99: Double
    /// Which duration was measured.
    public var side: LatencySide

    public init(n: Int, p50: Double, p95: Double, p99: Double, side: LatencySide) {
        self.n = n
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.side = side
    }

    /// Nearest-rank quantiles of `seconds`; nil when there are none.
    public init?(seconds: [Double], side: LatencySide) {
        let sorted = seconds.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        func rank(_ q: Double) -> Double { sorted[max(0, min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1))] }
        self.init(n: sorted.count, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), side: side)
    }

    /// The quantiles in the snapshot's milliseconds, to the whole nanosecond spans are
    /// timed in: so a snapshot read back and written again carries the same digits.
    public var inMilliseconds: TraceLatency {
        func ms(_ seconds: Double) -> Double { seconds.isFinite ? (seconds * 1e9).rounded() / 1e6 : seconds }
        return TraceLatency(n: n, p50: ms(p50), p95: ms(p95), p99: ms(p99), side: side)
    }

    /// The quantiles in seconds, from a snapshot's milliseconds.
    public var inSeconds: TraceLatency {
        TraceLatency(n: n, p50: p50 / 1000, p95: p95 / 1000, p99: p99 / 1000, side: side)
    }

    /// The quantiles as estimates (exact ones: no bound, no bucket), for colours and the
    /// shared formatting.
    public var estimates: [(name: String, value: QuantileEstimate)] {
        [("p50", p50), ("p95", p95), ("p99", p99)].map { ($0.0, QuantileEstimate(value: $0.1, bound: nil)) }
    }
}
