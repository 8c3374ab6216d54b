import Testing
@testable import SonicMapCore

@Suite struct HistogramTests {
    /// Prometheus' histogram_quantile interpolates linearly inside the bucket holding the rank.
    @Test func interpolatesLikePrometheus() {
        // 10 below 0.1, 30 more below 0.2, 60 more below 0.4.
        let h = Histogram(bounds: [0.1, 0.2, 0.4], cumulative: [10, 40, 100, 100])
        // rank 50 falls in (0.2, 0.4]: 10 of its 60 → 0.2 + 0.2 * 10/60.
        #expect(abs(h.quantile(0.5).value - (0.2 + 0.2 * 10.0 / 60.0)) < 1e-12)
        #expect(h.quantile(0.5).bound == nil)
    }

    @Test func firstAndLastBucketsAreBoundsNotValues() {
        let low = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: [100, 100, 100, 100, 100, 100, 100, 100, 100])
        #expect(low.quantile(0.95) == QuantileEstimate(value: 0.1, bound: .below))
        let high = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: [0, 0, 0, 0, 0, 0, 0, 1, 10])
        #expect(high.quantile(0.99) == QuantileEstimate(value: 12.8, bound: .above))
    }

    @Test func emptyHistogramHasNoQuantile() {
        #expect(Histogram(bounds: [1, 2]).quantile(0.5).value.isNaN)
    }

    @Test func parsesUnorderedPrometheusBuckets() {
        let h = Histogram(buckets: [(.infinity, 5), (0.2, 3), (0.1, 1)])
        #expect(h?.bounds == [0.1, 0.2])
        #expect(h?.cumulative == [1, 3, 5])
        #expect(Histogram(buckets: [(0.1, 1)]) == nil)
    }

    /// Merging sums buckets; the quantile of the merge equals the quantile of summed buckets.
    @Test func mergedQuantileEqualsSummedBuckets() {
        let a = Histogram(bounds: [0.1, 0.2, 0.4], cumulative: [1, 5, 9, 10])
        let b = Histogram(bounds: [0.1, 0.2, 0.4], cumulative: [0, 0, 30, 40])
        let summed = Histogram(bounds: [0.1, 0.2, 0.4], cumulative: [1, 5, 39, 50])
        #expect((a + b) == summed)
        for q in [0.5, 0.9, 0.95, 0.99] { #expect((a + b).quantile(q) == summed.quantile(q)) }
    }

    @Test func observeCountsCumulatively() {
        var h = Histogram(bounds: [0.1, 0.2])
        h.observe(0.05)
        h.observe(0.15)
        h.observe(5)
        #expect(h.cumulative == [1, 2, 3])
    }
}
