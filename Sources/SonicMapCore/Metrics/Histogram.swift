/// A Prometheus-style histogram: cumulative counts (or rates) per upper bound.
///
/// The last bucket is always `+Inf`. Histograms with the same bounds add bucket by
/// bucket, which is how grouping merges them: quantiles are taken on the summed
/// buckets, never averaged.
public struct Histogram: Equatable, Sendable {
    /// Finite upper bounds in ascending order; the `+Inf` bucket is implied.
    public var bounds: [Double]
    /// Cumulative counts, one per finite bound plus one for `+Inf`.
    public var cumulative: [Double]

    /// Tempo's default service-graph buckets, in seconds.
    public static let tempoDefaultBounds: [Double] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8]

    public init(bounds: [Double], cumulative: [Double]) {
        precondition(cumulative.count == bounds.count + 1, "one count per bound plus +Inf")
        self.bounds = bounds
        self.cumulative = cumulative
    }

    /// An empty histogram with the given bounds.
    public init(bounds: [Double]) {
        self.init(bounds: bounds, cumulative: Array(repeating: 0, count: bounds.count + 1))
    }

    /// Builds a histogram from `(le, value)` pairs as Prometheus returns them, in any order.
    /// `le` is the bucket label (`"+Inf"` for the last). Returns nil without a `+Inf` bucket.
    public init?(buckets: [(le: Double, value: Double)]) {
        let sorted = buckets.filter { !$0.le.isNaN }.sorted { $0.le < $1.le }
        guard let last = sorted.last, last.le == .infinity else { return nil }
        var finite: [Double] = []
        var counts: [Double] = []
        for b in sorted {
            if b.le.isFinite {
                if finite.last == b.le { counts[counts.count - 1] += b.value; continue }
                finite.append(b.le)
            } else if counts.count > finite.count {
                counts[counts.count - 1] += b.value
                continue
            }
            counts.append(b.value)
        }
        self.init(bounds: finite, cumulative: counts)
    }

    /// Total observations (the `+Inf` bucket).
    public var count: Double { cumulative.last ?? 0 }

    /// Records one observation (a counter histogram).
    public mutating func observe(_ value: Double, times: Double = 1) {
        for i in cumulative.indices where i == bounds.count || value <= bounds[i] {
            cumulative[i] += times
        }
    }

    /// Bucket-wise sum. Histograms with different bounds are merged on the union of bounds,
    /// each side contributing its cumulative count at the largest bound not above each bound.
    public static func + (a: Histogram, b: Histogram) -> Histogram {
        if a.bounds == b.bounds {
            return Histogram(bounds: a.bounds, cumulative: zip(a.cumulative, b.cumulative).map(+))
        }
        let union = Array(Set(a.bounds).union(b.bounds)).sorted()
        func at(_ h: Histogram, _ le: Double) -> Double {
            var v = 0.0
            for (i, bound) in h.bounds.enumerated() where bound <= le { v = h.cumulative[i] }
            return v
        }
        var counts = union.map { at(a, $0) + at(b, $0) }
        counts.append(a.count + b.count)
        return Histogram(bounds: union, cumulative: counts)
    }

    /// A native (sparse, exponential) histogram as Prometheus' API returns it: each bucket's
    /// lower and upper boundary and its own (not cumulative) count or rate. Each bucket's
    /// lower boundary becomes a bound too, so `quantile` interpolates inside exactly the
    /// bucket Prometheus does; the zero bucket's negative half is dropped when nothing is
    /// negative, as Prometheus does. Nil without buckets.
    public init?(nativeBuckets: [(lower: Double, upper: Double, count: Double)]) {
        let sorted = nativeBuckets.filter { $0.lower.isFinite && $0.upper.isFinite && $0.upper > $0.lower }.sorted { $0.upper < $1.upper }
        guard !sorted.isEmpty else { return nil }
        let onlyPositive = !sorted.contains { $0.upper <= 0 }
        var bounds: [Double] = []
        var counts: [Double] = []
        var running = 0.0
        for b in sorted {
            let lower = b.lower < 0 && b.upper > 0 && onlyPositive ? 0 : b.lower
            if bounds.last.map({ $0 < lower }) ?? true {
                bounds.append(lower)
                counts.append(running)
            }
            running += b.count
            bounds.append(b.upper)
            counts.append(running)
        }
        counts.append(running)
        self.init(bounds: bounds, cumulative: counts)
    }

    /// Bucket-wise difference, clamped at zero (for turning counters into increases).
    public func subtracting(_ earlier: Histogram) -> Histogram {
        guard earlier.bounds == bounds else { return self }
        return Histogram(bounds: bounds, cumulative: zip(cumulative, earlier.cumulative).map { max(0, $0 - $1) })
    }

    /// Every bucket multiplied by `factor` (increase → rate).
    public func scaled(by factor: Double) -> Histogram {
        Histogram(bounds: bounds, cumulative: cumulative.map { $0 * factor })
    }

    /// The q-quantile, exactly as Prometheus' `histogram_quantile` computes it, plus
    /// whether it fell in the first or the `+Inf` bucket, where the value is only a bound.
    public func quantile(_ q: Double) -> QuantileEstimate {
        guard !q.isNaN, count > 0, count.isFinite else { return QuantileEstimate(value: .nan, bound: nil) }
        if q < 0 { return QuantileEstimate(value: -.infinity, bound: nil) }
        if q > 1 { return QuantileEstimate(value: .infinity, bound: nil) }
        // Enforce monotonicity, as Prometheus does for counters scraped at slightly different times.
        var counts = cumulative
        for i in counts.indices.dropFirst() where counts[i] < counts[i - 1] { counts[i] = counts[i - 1] }
        var rank = q * counts[counts.count - 1]
        let b = counts.firstIndex(where: { $0 >= rank }) ?? counts.count - 1
        if b == bounds.count {
            guard let highest = bounds.last else { return QuantileEstimate(value: .nan, bound: nil) }
            return QuantileEstimate(value: highest, bound: .above, range: BucketRange(lower: highest, upper: .infinity))
        }
        if b == 0 {
            return QuantileEstimate(
                value: bounds[0], bound: bounds[0] > 0 ? .below : nil, range: BucketRange(lower: min(0, bounds[0]), upper: bounds[0]))
        }
        let start = bounds[b - 1], end = bounds[b]
        let inBucket = counts[b] - counts[b - 1]
        rank -= counts[b - 1]
        let value = inBucket > 0 ? start + (end - start) * (rank / inBucket) : end
        return QuantileEstimate(value: value, bound: nil, range: BucketRange(lower: start, upper: end))
    }
}

/// The bucket a quantile fell in: all a histogram knows is that the true value lies
/// between these bounds (seconds); the value inside is interpolated.
public struct BucketRange: Equatable, Sendable {
    public var lower: Double
    public var upper: Double

    /// How much wider than this a bucket may be before its interpolated value is shown as
    /// the range instead (Tempo's default buckets double: 0.8–1.6 s is ×2).
    public static let preciseRatio = 1.5

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Wider than ×1.5: the interpolated value would look more precise than it is.
    public var isWide: Bool { !(upper <= lower * BucketRange.preciseRatio) }
}

/// A quantile read from a histogram. When it falls in the first bucket the true value
/// is only known to be below that bucket's bound, and in the `+Inf` bucket only above
/// the highest finite bound: `bound` says so, and the value is that bound. `range` is
/// the bucket around it for classic buckets (nil for native histograms and exact
/// quantiles, which are precise).
public struct QuantileEstimate: Equatable, Sendable {
    public enum Bound: String, Sendable, Codable {
        case below = "<"
        case above = ">"
    }

    public var value: Double
    public var bound: Bound?
    public var range: BucketRange?

    public init(value: Double, bound: Bound?, range: BucketRange? = nil) {
        self.value = value
        self.bound = bound
        self.range = range
    }

    public static func == (a: QuantileEstimate, b: QuantileEstimate) -> Bool {
        a.bound == b.bound && a.range == b.range && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }

    public var isKnown: Bool { value.isFinite }

    /// The bucket range when it is too wide for the interpolated value to be shown alone
    /// (and the quantile is not already a bound).
    public var wideRange: BucketRange? {
        guard bound == nil, let r = range, r.isWide else { return nil }
        return r
    }

    /// The value health is judged on: the lower bound of a wide bucket, so a colour is
    /// never an artefact of interpolation; the value itself otherwise.
    public var healthValue: Double { wideRange?.lower ?? value }

    /// The same quantile without its bucket range (native histograms, exact quantiles).
    public var withoutRange: QuantileEstimate { QuantileEstimate(value: value, bound: bound) }
}
