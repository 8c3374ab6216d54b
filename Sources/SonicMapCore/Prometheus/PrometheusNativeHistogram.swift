/// A native histogram sample as Prometheus' API returns it (`"histogram": [t, {count, sum,
/// buckets}]`): each bucket `[boundary rule, "lower", "upper", "count"]`, counts per
/// bucket, not cumulative.
public struct PrometheusNativeHistogram: Equatable, Sendable {
    public struct Bucket: Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        public var count: Double

        public init(lower: Double, upper: Double, count: Double) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    public var count: Double
    public var sum: Double
    public var buckets: [Bucket]

    public init(count: Double, sum: Double, buckets: [Bucket]) {
        self.count = count
        self.sum = sum
        self.buckets = buckets
    }

    /// The buckets as a `Histogram` whose quantiles are `histogram_quantile`'s.
    public var histogram: Histogram? {
        Histogram(nativeBuckets: buckets.map { ($0.lower, $0.upper, $0.count) })
    }
}

extension JSONShape {
    /// `[<unix seconds>, {"count", "sum", "buckets"}]`.
    static func nativeHistogram(_ value: Any?) throws(ShapeError) -> (time: Double, histogram: PrometheusNativeHistogram) {
        let pair = try array(value, "histogram sample")
        guard pair.count == 2 else { throw ShapeError("histogram sample is not [time, {…}]") }
        let o = try object(pair[1], "histogram")
        var buckets: [PrometheusNativeHistogram.Bucket] = []
        for b in try array(o["buckets"] ?? [Any](), "histogram buckets") {
            let parts = try array(b, "histogram bucket")
            guard parts.count == 4 else { throw ShapeError("histogram bucket is not [rule, lower, upper, count]") }
            buckets.append(PrometheusNativeHistogram.Bucket(
                lower: try self.value(parts[1], "bucket lower"), upper: try self.value(parts[2], "bucket upper"),
                count: try self.value(parts[3], "bucket count")))
        }
        return (
            try number(pair[0], "histogram time"),
            PrometheusNativeHistogram(count: try self.value(o["count"], "histogram count"), sum: try self.value(o["sum"], "histogram sum"), buckets: buckets)
        )
    }
}
