import Testing
@testable import SonicMapCore

/// Health levels from an error ratio and a p95, against thresholds.
@Suite struct HealthThresholdsTests {
    let t = HealthThresholds(errorWarning: 0.02, errorCritical: 0.1, p95Warning: 0.25, p95Critical: 1)

    @Test func errorRatioReachesEachLevelAtItsThreshold() {
        #expect(t.health(errorRatio: nil) == .unknown)
        #expect(t.health(errorRatio: 0.019) == .ok)
        #expect(t.health(errorRatio: 0.02) == .warning)
        #expect(t.health(errorRatio: 0.099) == .warning)
        #expect(t.health(errorRatio: 0.1) == .critical)
    }

    @Test func p95ReachesEachLevelAndBucketBoundsAreRespected() {
        #expect(t.health(p95: QuantileEstimate(value: .nan, bound: nil)) == .unknown)
        #expect(t.health(p95: QuantileEstimate(value: 0.2, bound: nil)) == .ok)
        #expect(t.health(p95: QuantileEstimate(value: 0.25, bound: nil)) == .warning)
        #expect(t.health(p95: QuantileEstimate(value: 1.07, bound: nil)) == .critical)
        // "< 1.6 s": no evidence of slowness; "> 12.8 s": at least that slow.
        #expect(t.health(p95: QuantileEstimate(value: 1.6, bound: .below)) == .ok)
        #expect(t.health(p95: QuantileEstimate(value: 12.8, bound: .above)) == .critical)
    }

    @Test func trafficTakesTheWorseOfErrorsAndLatency() {
        var h = Histogram(bounds: Histogram.tempoDefaultBounds)
        // p95 inside 0.4–0.8 s: even its lower bound is above the 250 ms warning.
        h.observe(0.5, times: 100)
        let slow = TrafficStats(rate: 10, failedRate: 0, latency: LatencyStats(histogram: h, sumRate: 30, countRate: 100))
        #expect(t.health(slow) == .warning)
        let failing = TrafficStats(rate: 10, failedRate: 5, latency: LatencyStats(histogram: h, sumRate: 30, countRate: 100))
        #expect(t.health(failing) == .critical)
        #expect(t.health(TrafficStats.zero) == .unknown)
    }

    @Test func inconsistentThresholdsAreExplained() {
        #expect(HealthThresholds.standard.problem == nil)
        #expect(HealthThresholds(errorWarning: 0.2, errorCritical: 0.1, p95Warning: 1, p95Critical: 2).problem?.contains("error-warning") == true)
        #expect(HealthThresholds(errorWarning: 0.01, errorCritical: 0.1, p95Warning: 3, p95Critical: 2).problem?.contains("p95-warning") == true)
        #expect(HealthThresholds(errorWarning: 0.01, errorCritical: 1.5, p95Warning: 1, p95Critical: 2).problem != nil)
    }
}
