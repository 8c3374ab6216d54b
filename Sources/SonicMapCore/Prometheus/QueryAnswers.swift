/// The decoded answers of one refresh's queries, read as per-key sums.
///
/// Only finite values count: a NaN (a 0/0 rate) or an infinity says "no number", so the
/// key is absent rather than zero. Missing queries and non-vector results read as empty.
struct QueryAnswers {
    let results: [ServiceGraphQueryID: PrometheusResult]

    /// The samples of `id` whose value is a finite number.
    func samples(_ id: ServiceGraphQueryID) -> [PrometheusSample] {
        (results[id]?.vectorSamples ?? []).filter { $0.point.value.isFinite }
    }

    /// The native histograms of `id` per key (series without one are skipped; two series
    /// of one key add bucket by bucket), with their summed `sum` rates.
    func nativeHistograms<Key: Hashable>(_ id: ServiceGraphQueryID, key: ([String: String]) -> Key?) -> [Key: SourcedHistogram] {
        var out: [Key: SourcedHistogram] = [:]
        for s in results[id]?.vectorSamples ?? [] {
            guard let k = key(s.labels), let native = s.histogram, native.count > 0, let h = native.histogram else { continue }
            if let seen = out[k] {
                out[k] = SourcedHistogram(histogram: seen.histogram + h, sumRate: (seen.sumRate ?? 0) + native.sum, source: .native)
            } else {
                out[k] = SourcedHistogram(histogram: h, sumRate: native.sum, source: .native)
            }
        }
        return out
    }

    /// Values of `id` summed per key; samples without a key (missing labels) are skipped.
    func sums<Key: Hashable>(_ id: ServiceGraphQueryID, key: ([String: String]) -> Key?) -> [Key: Double] {
        var out: [Key: Double] = [:]
        for s in samples(id) {
            guard let k = key(s.labels) else { continue }
            out[k, default: 0] += s.point.value
        }
        return out
    }

    /// Bucket rates of `id` (by `le`) as one histogram per key; a key without a `+Inf`
    /// bucket has none. Series with the same `le` add up, as `sum by (…, le)` would.
    func histograms<Key: Hashable>(_ id: ServiceGraphQueryID, key: ([String: String]) -> Key?) -> [Key: Histogram] {
        var buckets: [Key: [(le: Double, value: Double)]] = [:]
        for s in samples(id) {
            guard let k = key(s.labels), let le = s.labels["le"].flatMap(PrometheusNumber.parse) else { continue }
            buckets[k, default: []].append((le, s.point.value))
        }
        return buckets.compactMapValues { Histogram(buckets: $0) }
    }

    /// The edge a service-graph series belongs to.
    static func edge(_ labels: [String: String]) -> EdgeKey? {
        guard let client = labels["client"], let server = labels["server"] else { return nil }
        return EdgeKey(client: client, server: server)
    }

    /// A non-empty label value, e.g. `pod` or `service`.
    static func label(_ name: String) -> ([String: String]) -> String? {
        { labels in labels[name].flatMap { $0.isEmpty ? nil : $0 } }
    }
}
