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
        #expect(low.quantile(0.95) == QuantileEstimate(value: 0.1, bound: .below, range: BucketRange(lower: 0, upper: 0.1)))
        let high = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: [0, 0, 0, 0, 0, 0, 0, 1, 10])
        #expect(high.quantile(0.99) == QuantileEstimate(value: 12.8, bound: .above, range: BucketRange(lower: 12.8, upper: .infinity)))
    }

    /// Tempo's default buckets double: a p95 of 1.23 s interpolated inside 0.8–1.6 s says
    /// less than it seems. The estimate keeps its bucket, shown instead of the value, and
    /// health is judged on the bucket's lower bound.
    @Test func wideClassicBucketsKeepTheirRange() {
        var h = Histogram(bounds: Histogram.tempoDefaultBounds)
        h.observe(0.85, times: 90)
        h.observe(0.3, times: 10)
        let p95 = h.quantile(0.95)
        #expect(p95.range == BucketRange(lower: 0.8, upper: 1.6))
        #expect(abs(p95.value - (0.8 + 0.8 * 85 / 90)) < 1e-12, "histogram_quantile's interpolation")
        #expect(p95.wideRange != nil)
        #expect(p95.healthValue == 0.8)
        #expect(Formatting.quantile(p95) == "0.8–1.6s")
        #expect(HealthThresholds.standard.health(p95: p95) == .warning, "0.8 s is above the 500 ms warning, below the 1 s critical")
        // A bucket at most ×1.5 wide keeps its interpolated value.
        let fine = Histogram(bounds: [1.0, 1.4], cumulative: [0, 10, 10]).quantile(0.5)
        #expect(fine.wideRange == nil)
        #expect(Formatting.quantile(fine) == "1.20s")
    }

    /// A native histogram as Prometheus returns it (sparse buckets with their own lower and
    /// upper boundaries, per-bucket counts) gives `histogram_quantile`'s answer: linear
    /// inside the bucket holding the rank, the zero bucket starting at 0.
    @Test func nativeBucketsInterpolateInsideTheirOwnBoundaries() throws {
        let h = try #require(Histogram(nativeBuckets: [
            (-1e-128, 1e-128, 2), (0.0131390064883, 0.0143281881751, 4), (0.0220970869121, 0.0240970441470, 14),
        ]))
        // rank 0.5·20 = 10: 6 below, 4 of 14 into (0.02210, 0.02410].
        #expect(abs(h.quantile(0.5).value - (0.0220970869121 + (0.0240970441470 - 0.0220970869121) * 4 / 14)) < 1e-12)
        // rank 0.05·20 = 1 falls in the zero bucket, taken from 0.
        #expect(abs(h.quantile(0.05).value - 1e-128 * 0.5) < 1e-130)
        #expect(h.count == 20)
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

/// Units are chosen after rounding: 999.6 ms is `1.00s`, never `1000ms`.
@Suite struct DurationFormattingTests {
    @Test func unitBoundaries() {
        #expect(Formatting.duration(seconds: 0.9996) == "1.00s")
        #expect(Formatting.duration(seconds: 0.9994) == "999ms")
        #expect(Formatting.duration(seconds: 0.0009996) == "1.0ms")
        #expect(Formatting.duration(seconds: 0.0009994) == "999µs")
        #expect(Formatting.duration(seconds: 0.009996) == "10ms")
        #expect(Formatting.duration(seconds: 99.996) == "100s")
        #expect(Formatting.rate(99.96) == "100/s")
        #expect(Formatting.rate(99.94) == "99.9/s")
        #expect(Formatting.rate(9.996) == "10.0/s")
        #expect(Formatting.rate(999.6) == "1.0k/s")
        #expect(Formatting.rate(9_960) == "10k/s")
    }

    @Test func bucketRanges() {
        #expect(Formatting.range(lower: 0.8, upper: 1.6) == "0.8–1.6s")
        #expect(Formatting.range(lower: 0.1, upper: 0.2) == "100–200ms")
        #expect(Formatting.range(lower: 0.0005, upper: 0.001) == "0.5–1ms")
        #expect(Formatting.range(lower: 12.8, upper: .infinity) == ">12.80s")
    }
}
