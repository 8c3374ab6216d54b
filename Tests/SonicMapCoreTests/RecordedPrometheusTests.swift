import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore

/// One refresh's answers from a real Prometheus fed by a real Tempo v2.10.8 (classic and
/// native histograms) and scraping real Envoys, with PromQL's own figures at the same
/// time (`Tests/Fixtures/prometheus/issue11/answers.json`, recorded by
/// `Tests/stack/record_prometheus_answers.py`, which says how). sonicmap's numbers,
/// computed from the answers, must be PromQL's.
@Suite struct RecordedPrometheusTests {
    struct Recording {
        var time: Double
        var window: Double
        var results: [ServiceGraphQueryID: PrometheusResult]
        var promQL: [ServiceGraphQueryID: String]
        var truth: [String: [PrometheusSample]]

        init() throws {
            let doc = try #require(try JSONSerialization.jsonObject(with: Fixtures.data("prometheus/issue11/answers.json")) as? [String: Any])
            time = try #require(doc["time"] as? Double)
            window = try #require(doc["window"] as? Double)
            func result(_ entry: Any?) throws -> PrometheusResult {
                let body = try #require((entry as? [String: Any])?["body"])
                return try PrometheusResponse(queryBody: JSONSerialization.data(withJSONObject: body), httpStatus: 200).data
            }
            results = [:]
            promQL = [:]
            for (name, entry) in try #require(doc["queries"] as? [String: Any]) {
                let id = try #require(ServiceGraphQueryID(rawValue: name), "unknown query \(name)")
                results[id] = try result(entry)
                promQL[id] = (entry as? [String: Any])?["promQL"] as? String
            }
            truth = [:]
            for (name, entry) in try #require(doc["truth"] as? [String: Any]) { truth[name] = try result(entry).vectorSamples ?? [] }
        }

        /// PromQL's figure `name` for the series whose `label` values are `values`.
        func truth(_ name: String, _ labels: [String: String]) -> Double? {
            truth[name]?.first { s in labels.allSatisfy { s.labels[$0.key] == $0.value } }?.point.value
        }

        func sample(without dropped: Set<ServiceGraphQueryID> = []) -> ServiceGraphSample {
            ServiceGraphAssembler.sample(results: results.filter { !dropped.contains($0.key) }, time: time, windowSeconds: window)
        }
    }

    static let native: Set<ServiceGraphQueryID> = [.serverNativeRates, .clientNativeRates, .inferRequestLatencyNativeRates]
    static let envoyMetrics: Set<ServiceGraphQueryID> = [
        .envoyRequestTimeSumRate, .envoyRequestTimeCountRate, .envoyRequestTimeBucketRates, .envoyResponseClassRates, .envoyUpstreamRequestRate,
    ]
    static let tritonMetrics: Set<ServiceGraphQueryID> = [
        .tritonInferenceRate, .tritonExecutionRate, .tritonQueueMicrosRate, .tritonComputeInputMicrosRate, .tritonComputeInferMicrosRate,
        .tritonComputeOutputMicrosRate, .tritonRequestSuccessRate, .tritonRequestFailureRate,
    ]

    /// The recording asked exactly what a refresh asks (window 300 s, no filter).
    @Test func recordedQueriesAreTheRefreshQueries() throws {
        let r = try Recording()
        let q = try ServiceGraphQueries(windowSeconds: r.window)
        #expect(Set(r.results.keys) == Set(ServiceGraphQueryID.allCases))
        for id in ServiceGraphQueryID.allCases { #expect(r.promQL[id] == q.promQL(id), "\(id)") }
    }

    func close(_ a: Double?, _ b: Double?, _ what: String, relative: Double = 1e-9) {
        guard let a, let b else { Issue.record("\(what): \(String(describing: a)) vs PromQL \(String(describing: b))"); return }
        #expect(abs(a - b) <= relative * max(abs(a), abs(b), 1e-12), "\(what): sonicmap \(a) vs PromQL \(b)")
    }

    /// With native histograms in Prometheus every edge's quantiles are `histogram_quantile`
    /// over them, with no range; without them, over the classic buckets, each with the
    /// bucket it fell in around it.
    @Test func edgeQuantilesAreHistogramQuantile() throws {
        let r = try Recording()
        for (native, sample) in [(true, r.sample()), (false, r.sample(without: Self.native))] {
            let kind = native ? "native" : "classic"
            #expect(!sample.edges.isEmpty)
            for e in sample.edges {
                #expect(e.latencySource == (native ? .native : .classic))
                let labels = ["client": e.key.client, "server": e.key.server]
                for (side, h) in [("server", e.serverBuckets), ("client", e.clientBuckets)] {
                    let stats = LatencyStats(histogram: h, sumRate: nil, countRate: e.requestRate, source: e.latencySource)
                    for (name, q) in [("p50", stats.p50), ("p95", stats.p95), ("p99", stats.p99)] {
                        let promQL = r.truth("edge_\(side)_\(name)_\(kind)", labels)
                        if q.bound == nil {
                            close(q.value, promQL, "\(e.key) \(side) \(name) \(kind)")
                        } else {
                            // In the first bucket (`<100ms`), PromQL interpolates from 0: sonicmap
                            // writes the bound instead, and PromQL's value lies below it.
                            #expect(q.bound == .below && (promQL ?? .infinity) <= q.value, "\(e.key) \(side) \(name): \(q) vs \(String(describing: promQL))")
                        }
                        if native {
                            #expect(q.range == nil)
                        } else {
                            let range = try #require(q.range, "\(e.key) \(side) \(name): a classic quantile has its bucket")
                            #expect(range.lower <= q.value && q.value <= range.upper)
                        }
                    }
                }
            }
        }
    }

    /// An Envoy pod's outgoing p95 is its client side: Envoy's own timer when scraped,
    /// else the service graph's client histogram merged over its edges, by client.
    @Test func envoyOutgoingIsItsClientSide() throws {
        let r = try Recording()
        let timed = ServiceMapBuilder.build(sample: r.sample(), traces: [], now: r.time, windowSeconds: r.window)
        let envoys = timed.nodes.filter { $0.role == .envoy }
        #expect(envoys.count == 2)
        for n in envoys {
            #expect(n.outgoing.latency.side == .envoy)
            close(n.outgoing.latency.p95.value * 1000, r.truth("envoy_timer_p95_ms", ["pod": n.id]), "\(n.id) timer p95")
            #expect(n.outgoing.latency.p95.range != nil)
            // Every request this Envoy received went on to Triton (no limiter in the stack).
            #expect(abs((n.envoy?.rejectedPerSecond ?? 1)) < 0.05 * (n.envoy?.downstreamRequestsPerSecond ?? 0))
        }
        for (native, dropped) in [(true, Self.envoyMetrics), (false, Self.envoyMetrics.union(Self.native))] {
            let map = ServiceMapBuilder.build(sample: r.sample(without: dropped), traces: [], now: r.time, windowSeconds: r.window)
            for n in map.nodes where n.role == .envoy {
                #expect(n.outgoing.latency.side == .client)
                close(n.outgoing.latency.p95.value, r.truth("envoy_client_p95_\(native ? "native" : "classic")", ["client": n.id]), "\(n.id) client p95")
            }
        }
    }

    /// The model node: within 15 % of its span-metrics rate and 3 points of its error
    /// ratio with Triton's counters; exactly the span metrics without them.
    @Test func modelRateAndErrorsFromMetrics() throws {
        let r = try Recording()
        let model = "model/deeptau_2018v2p5"
        let spanRate = try #require(r.truth("model_spanmetrics_rate", [:]))
        let spanErrors = r.truth("model_spanmetrics_errors", [:]) ?? 0
        let withTriton = try #require(ServiceMapBuilder.build(sample: r.sample(), traces: [], now: r.time, windowSeconds: r.window).node(model))
        #expect(withTriton.displayRate.source == .tritonMetrics)
        close(withTriton.displayRate.rate, r.truth("model_triton_requests", [:]), "Triton requests")
        #expect(abs(withTriton.displayRate.rate - spanRate) <= 0.15 * spanRate)
        #expect(abs((withTriton.displayRate.errorRatio ?? -1) - spanErrors / spanRate) <= 0.03)
        let spanOnly = try #require(
            ServiceMapBuilder.build(sample: r.sample(without: Self.tritonMetrics), traces: [], now: r.time, windowSeconds: r.window).node(model))
        #expect(spanOnly.displayRate.source == .spanMetrics)
        close(spanOnly.displayRate.rate, spanRate, "span-metrics rate")
        close(spanOnly.displayRate.errorRatio, spanErrors / spanRate, "span-metrics error ratio")
    }

    /// Without orphan traces, an `unsampled` edge needs span metrics beyond the service
    /// graph by more than the counters' noise (this recording sampled 30 %: there are).
    @Test func orphansOnlyFromEvidence() throws {
        let r = try Recording()
        let map = ServiceMapBuilder.build(sample: r.sample(), traces: [], now: r.time, windowSeconds: r.window)
        let orphans = map.edges.filter(\.isOrphanEdge)
        #expect(!orphans.isEmpty)
        for e in orphans {
            guard case .counters(let noise)? = e.orphanEvidence else { Issue.record("\(e.key) without counter evidence"); continue }
            #expect(e.traffic.rate > noise)
        }
    }
}
