import Testing
@testable import SonicMapCore

/// Where each figure comes from (DESIGN.md, "Where each figure comes from"), on the cases
/// issue 11 found against a real Tempo and Prometheus.
@Suite struct FigureSourcesTests {
    static let pod = "supersonic-triton-74c49fcf8-rxzpm"
    static let envoy = "supersonic-envoy-58b98b5568-9ww7h"
    static let model = "deeptau_2018v2p5"

    /// A fetched request of `model` on `pod` (only what the model figures read).
    static func request(_ model: String, on pod: String = pod, failed: Bool = false) -> InferenceRequest {
        InferenceRequest(
            spanIDs: [], client: envoy, server: pod, model: model, orphan: false, networkIncludesProxy: true,
            phases: PhaseDurations([.queue: 1_000_000, .infer: 4_000_000]), steps: [], rootSpanID: SpanID(1), rootDurationNanos: 6_000_000,
            inferDurationNanos: 5_500_000, failed: failed)
    }

    /// 20 fetched traces over 5 minutes are not 0.067/s: the model's rate is the span
    /// metrics' 0.50/s with their 10 % errors, never the fetched count over the window.
    @Test func modelRateFromSpanMetricsNeverFromFetchedTraces() {
        let sample = ServiceGraphSample(
            time: 0, windowSeconds: 300, edges: [],
            inferRequestCalls: [Self.pod: SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.05)],
            spanCalls: [
                SpanKey(service: Self.pod, spanName: Self.model): SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.05),
                SpanKey(service: Self.pod, spanName: "InferRequest"): SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.05),
                SpanKey(service: Self.pod, spanName: "compute"): SpanCallRates(callsPerSecond: 0.45),
            ])
        let requests = (0..<20).map { _ in Self.request(Self.model) }
        let rates = FigureSources.modelRates(sample: sample, requests: requests, podRates: [:])
        #expect(rates.count == 1)
        #expect(rates.first?.key == EdgeKey(client: Self.pod, server: "model/" + Self.model))
        #expect(rates.first?.rate == 0.5)
        #expect(rates.first?.failedRate == 0.05)
        #expect(rates.first?.source == .spanMetrics)
        // Without fetched traces the model spans are still known: every span name of a
        // service with InferRequest spans, but InferRequest and compute.
        let blind = FigureSources.modelRates(sample: sample, requests: [], podRates: [:])
        #expect(blind.map(\.key.server) == ["model/" + Self.model])
    }

    /// Triton's own per-model request counters come first: every request, with failures.
    @Test func modelRateFromTritonCountersFirst() {
        let triton = TritonPodMetrics(
            inferencesPerSecond: 1.2, executionsPerSecond: 0.6,
            models: [Self.model: TritonModelMetrics(inferencesPerSecond: 1.2, requestsPerSecond: 0.6, failuresPerSecond: 0.03)],
            requestsPerSecond: 0.6, failuresPerSecond: 0.03)
        let sample = ServiceGraphSample(
            time: 0, windowSeconds: 300, edges: [], triton: [Self.pod: triton],
            spanCalls: [SpanKey(service: Self.pod, spanName: Self.model): SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.05)])
        let rates = FigureSources.modelRates(sample: sample, requests: [], podRates: [:])
        #expect(rates.map(\.rate) == [0.6])
        #expect(rates.map(\.failedRate) == [0.03])
        #expect(rates.map(\.source) == [.tritonMetrics])
        let pod = FigureSources.tritonRate(triton, calls: SpanCallRates(callsPerSecond: 0.5), traffic: .zero, trafficSource: .serviceGraph)
        #expect(pod == SourcedRate(rate: 0.6, failedRate: 0.03, source: .tritonMetrics))
    }

    /// With no metrics at all, a model's rate is its pod's rate split by the models of the
    /// fetched requests, with their count, not their count over the window.
    @Test func modelRateFromTracesIsAShareOfThePod() {
        let requests = Array(repeating: Self.request("a"), count: 15) + [Self.request("b", failed: true)] + Array(repeating: Self.request("b"), count: 4)
        let pod = SourcedRate(rate: 2, failedRate: 0.1, source: .serviceGraph)
        let rates = FigureSources.modelRates(sample: nil, requests: requests, podRates: [Self.pod: pod])
        #expect(rates.map(\.rate) == [1.5, 0.5])
        #expect(rates.map(\.failedRate) == [0, 0.1])
        #expect(rates.map(\.requests) == [15, 5])
        #expect(rates.allSatisfy { $0.source == .traces })
    }

    /// Issue 11's phantom: at 15 m, span metrics 0.5/s against a service graph 0.0011/s
    /// lower is one request of counter noise, and Tempo holds no orphan trace: no orphans.
    @Test func orphansNeedEvidence() {
        let window = 900.0
        func sample(calls: Double) -> ServiceGraphSample {
            ServiceGraphSample(time: 0, windowSeconds: window, edges: [], inferRequestCalls: [Self.pod: SpanCallRates(callsPerSecond: calls)])
        }
        let paired = [EdgeSample(key: EdgeKey(client: Self.envoy, server: Self.pod), requestRate: 0.4989)]
        #expect(FigureSources.orphans(sample: sample(calls: 0.5), podEdges: paired, orphanCounts: [:], windowSeconds: window).isEmpty)
        // A real difference: 0.2/s over 15 minutes is 180 requests, well beyond the noise.
        let real = FigureSources.orphans(sample: sample(calls: 0.7), podEdges: paired, orphanCounts: [:], windowSeconds: window)
        #expect(real.count == 1)
        #expect(abs((real.first?.rate ?? 0) - 0.2011) < 1e-9)
        guard case .counters(let noise)? = real.first?.evidence else { Issue.record("expected counter evidence"); return }
        #expect(noise == FigureSources.counterNoise(calls: 0.7, paired: 0.4989, windowSeconds: window))
        #expect(noise < 0.2011)
        // Orphan traces seen in Tempo are evidence whatever the counters say.
        let seen = FigureSources.orphans(sample: sample(calls: 0.5), podEdges: paired, orphanCounts: [Self.pod: 2], windowSeconds: window)
        #expect(seen.map(\.evidence) == [.traces(2)])
    }

    /// An Envoy node's outgoing latency is its client side (Envoy's ingress spans), not the
    /// server side, which is Triton's; with Envoy's own timer scraped, that timer.
    @Test func envoyOutgoingLatencyIsTheClientSide() {
        var server = Histogram(bounds: Histogram.tempoDefaultBounds)
        server.observe(0.05, times: 100)
        var client = Histogram(bounds: Histogram.tempoDefaultBounds)
        client.observe(0.3, times: 100)
        let edge = EdgeSample(
            key: EdgeKey(client: Self.envoy, server: Self.pod), requestRate: 1, serverSecondsSumRate: 0.05, serverBuckets: server,
            clientSecondsSumRate: 0.3, clientBuckets: client)
        let sample = ServiceGraphSample(time: 0, windowSeconds: 300, edges: [edge])
        let map = ServiceMapBuilder.build(sample: sample, traces: [], now: 0, windowSeconds: 300)
        let envoy = map.node(Self.envoy)
        #expect(envoy?.outgoing.latency.side == .client)
        #expect(envoy?.outgoing.latency.p95 == client.quantile(0.95))
        #expect(map.node(Self.pod)?.incoming.latency.side == .server)
        #expect(map.node(Self.pod)?.incoming.latency.p95 == server.quantile(0.95))

        var timer = Histogram(bounds: [0.25, 0.5])
        timer.observe(0.4, times: 10)
        var withTimer = sample
        withTimer.envoy = [Self.envoy: EnvoyPodMetrics(downstreamRequestsPerSecond: 10, downstreamRequestMs: 400, downstreamTime: timer)]
        let timed = ServiceMapBuilder.build(sample: withTimer, traces: [], now: 0, windowSeconds: 300).node(Self.envoy)
        #expect(timed?.outgoing.latency.side == .envoy)
        #expect(timed?.outgoing.latency.origin == .envoyMetrics)
        #expect(timed?.outgoing.latency.p95 == timer.quantile(0.95))
        #expect(timed?.ownRate?.source == .envoyMetrics)
    }

    /// Span metrics' InferRequest buckets (2 ms, 4 ms …) are finer than the service
    /// graph's first bucket (0–100 ms): a Triton pod's incoming latency takes them.
    @Test func tritonLatencyTakesTheFinerHistogram() {
        var coarse = Histogram(bounds: Histogram.tempoDefaultBounds)
        coarse.observe(0.02, times: 100)
        var fine = Histogram(bounds: [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128])
        fine.observe(0.02, times: 100)
        let graph = LatencyStats(histogram: coarse, sumRate: 2, countRate: 100)
        let chosen = FigureSources.tritonLatency(serviceGraph: graph, spanMetrics: SourcedHistogram(histogram: fine, source: .classic), rate: 100)
        #expect(chosen.origin == .spanMetrics)
        #expect(chosen.p95 == fine.quantile(0.95))
        // A native service graph is finer than any classic bucket.
        let native = LatencyStats(histogram: coarse, sumRate: 2, countRate: 100, source: .native)
        #expect(FigureSources.tritonLatency(serviceGraph: native, spanMetrics: SourcedHistogram(histogram: fine, source: .classic), rate: 100).origin == .serviceGraph)
    }

    /// The map's model node, built from the sample alone, carries the span-metrics rate and
    /// errors; its pod's edge into it says where they came from.
    @Test func mapModelNodeCarriesSpanMetrics() {
        let sample = ServiceGraphSample(
            time: 0, windowSeconds: 300, edges: [EdgeSample(key: EdgeKey(client: Self.envoy, server: Self.pod), requestRate: 0.067)],
            inferRequestCalls: [Self.pod: SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.04)],
            spanCalls: [SpanKey(service: Self.pod, spanName: Self.model): SpanCallRates(callsPerSecond: 0.5, errorsPerSecond: 0.04)])
        let map = ServiceMapBuilder.build(sample: sample, traces: [], now: 0, windowSeconds: 300)
        let node = map.node("model/" + Self.model)
        #expect(node?.displayRate.rate == 0.5)
        #expect(node?.displayRate.errorRatio == 0.08)
        #expect(node?.displayRate.source == .spanMetrics)
        #expect(map.edge(EdgeKey(client: Self.pod, server: "model/" + Self.model))?.rateSource == .spanMetrics)
        #expect(map.node(Self.pod)?.displayRate.source == .spanMetrics)
        #expect(map.node(Self.pod)?.displayRate.rate == 0.5)
        // 0.43/s of InferRequest spans that paired into no edge is far beyond the counters' noise.
        #expect(map.edge(EdgeKey(client: OrphanNode.name, server: Self.pod))?.orphanEvidence != nil)
    }

    /// At a declared or measured 100 % sampling the rates are complete, not samples.
    @Test func completeSamplingIsRecognised() {
        let edge = EdgeSample(key: EdgeKey(client: Self.envoy, server: Self.pod), requestRate: 0.99)
        let sample = ServiceGraphSample(time: 0, windowSeconds: 300, edges: [edge], inferRequestCalls: [Self.pod: SpanCallRates(callsPerSecond: 1)])
        let map = ServiceMapBuilder.build(sample: sample, traces: [], now: 0, windowSeconds: 300)
        #expect(FigureSources.samplingIsComplete(map, declaredRate: nil))
        #expect(FigureSources.samplingIsComplete(map, declaredRate: 1))
        #expect(!FigureSources.samplingIsComplete(map, declaredRate: 0.5))
        var low = sample
        low.edges[0].requestRate = 0.1
        #expect(!FigureSources.samplingIsComplete(ServiceMapBuilder.build(sample: low, traces: [], now: 0, windowSeconds: 300), declaredRate: nil))
    }

    /// A model's node id is `model/<name>` (the JSON exports' form), read back to the name.
    @Test func modelNodeIDKeepsItsJSONForm() {
        #expect(ModelNodeID(model: Self.model).nodeID == "model/" + Self.model)
        #expect(ModelNodeID(nodeID: "model/" + Self.model)?.model == Self.model)
        #expect(ModelNodeID(nodeID: Self.pod) == nil)
    }
}
