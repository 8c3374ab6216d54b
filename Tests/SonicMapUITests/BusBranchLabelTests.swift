import Testing
import SonicMapCore
@testable import SonicMapUI

/// A bus branch merges several edges: its quantile comes from their histograms added
/// bucket by bucket, or is labelled as the worst edge's when they cannot be added.
@Suite struct BusBranchLabelTests {
    static func edge(_ server: String, _ seconds: Double, times: Double, histogram: Bool = true) -> MapEdge {
        var h = Histogram(bounds: [0.1, 0.15, 0.2, 0.3, 0.4])
        h.observe(seconds, times: times)
        let latency = histogram
            ? LatencyStats(histogram: h, sumRate: nil, countRate: times)
            : LatencyStats(p50: QuantileEstimate(value: seconds, bound: nil), p95: QuantileEstimate(value: seconds, bound: nil),
                           p99: QuantileEstimate(value: seconds, bound: nil), averageSeconds: nil, histogram: nil, source: .traces)
        return MapEdge(
            key: EdgeKey(client: "envoy", server: server), connectionType: .plain, rateSource: .serviceGraph,
            traffic: TrafficStats(rate: times, failedRate: 0, latency: latency), clientLatency: .unknown)
    }

    @Test func mergedBranchAddsHistograms() {
        // 90 fast requests and 10 slow ones: the branch's p95 is in the slow bucket, and its
        // p50 in the fast one, as the summed histogram says, not the worst edge's p50.
        let edges = [Self.edge("a", 0.12, times: 90), Self.edge("b", 0.35, times: 10)]
        let merged = edges[0].traffic.latency.histogram! + edges[1].traffic.latency.histogram!
        #expect(EdgeLabelMode.p50.label(edges) == Formatting.quantile(merged.quantile(0.5)))
        #expect(EdgeLabelMode.p95.label(edges) == Formatting.quantile(merged.quantile(0.95)))
        #expect(EdgeLabelMode.p50.label(edges) != Formatting.quantile(edges[1].traffic.latency.p50))
    }

    @Test func unmergeableBranchSaysMax() {
        let edges = [Self.edge("a", 0.12, times: 90), Self.edge("b", 0.35, times: 10, histogram: false)]
        #expect(EdgeLabelMode.p95.label(edges) == "max " + Formatting.quantile(QuantileEstimate(value: 0.35, bound: nil)))
        #expect(EdgeLabelMode.p95.label([edges[0]]) == Formatting.quantile(edges[0].traffic.latency.p95))
    }
}
