/// The one place that decides, for each figure on the map, which source it comes from,
/// in DESIGN.md's order of preference ("Where each figure comes from"):
///
/// | figure | first | then | last |
/// |---|---|---|---|
/// | Triton pod rate, errors | Triton's request counters | span metrics of `InferRequest` | service graph (sampled) |
/// | model rate, errors | Triton's per-model request counters (else `nv_inference_count`, no errors) | span metrics of the model's span | the pod's rate split by the fetched requests' models |
/// | Envoy pod rate, errors | Envoy's own counters | service graph (sampled) | |
/// | Envoy pod latency | `envoy_http_downstream_rq_time` | service graph client side | |
/// | Triton pod latency | service graph server side | span metrics of `InferRequest`, when its bucket is finer | |
/// | orphans | orphan traces fetched | span metrics − service graph, when significant | |
///
/// Never the count of fetched traces ÷ window for a pod's or model's rate: a refresh
/// fetches a fixed number of traces, whatever the traffic. Pure.
public enum FigureSources {
    /// A Triton pod's (or pod group's) own rate and errors.
    public static func tritonRate(_ triton: TritonPodMetrics?, calls: SpanCallRates?, traffic: TrafficStats, trafficSource: RateSource) -> SourcedRate {
        if let t = triton, let requests = t.requestsPerSecond {
            return SourcedRate(rate: requests, failedRate: t.failuresPerSecond, source: .tritonMetrics)
        }
        if let c = calls { return SourcedRate(rate: c.callsPerSecond, failedRate: c.errorsPerSecond, source: .spanMetrics) }
        return SourcedRate(rate: traffic.rate, failedRate: traffic.failedRate, source: trafficSource)
    }

    /// An Envoy pod's own rate and errors: every request it received, and the share it
    /// answered with a 4xx or 5xx.
    public static func envoyRate(_ envoy: EnvoyPodMetrics?, traffic: TrafficStats, trafficSource: RateSource) -> SourcedRate {
        if let e = envoy {
            let failed = e.responseClasses.isEmpty ? nil : (e.responseClasses["4"] ?? 0) + (e.responseClasses["5"] ?? 0)
            return SourcedRate(rate: e.downstreamRequestsPerSecond, failedRate: failed, source: .envoyMetrics)
        }
        return SourcedRate(rate: traffic.rate, failedRate: traffic.failedRate, source: trafficSource)
    }

    /// One `pod → model` figure: requests and failures per second, and their source.
    public struct ModelRate: Equatable, Sendable {
        public var key: EdgeKey
        public var rate: Double
        public var failedRate: Double?
        public var source: RateSource
        /// Fetched requests behind a figure from traces.
        public var requests: Int?
    }

    /// `pod → model` rates for every (pod, model) the data knows.
    /// - Parameters:
    ///   - podRates: each pod's own rate (`tritonRate`), which a traces-only figure splits.
    ///   - requests: the fetched requests, whose models name the model spans and, without
    ///     metrics, give each model's share of its pod.
    public static func modelRates(sample: ServiceGraphSample?, requests: [InferenceRequest], podRates: [String: SourcedRate]) -> [ModelRate] {
        var out: [EdgeKey: ModelRate] = [:]
        func key(_ pod: String, _ model: String) -> EdgeKey { EdgeKey(client: pod, server: ModelNodeID(model: model).nodeID) }
        // 1. Triton's own counters, per model.
        for (pod, m) in sample?.triton ?? [:] {
            for (model, mm) in m.models {
                if let r = mm.requestsPerSecond, r > 0 {
                    out[key(pod, model)] = ModelRate(key: key(pod, model), rate: r, failedRate: mm.failuresPerSecond, source: .tritonMetrics)
                } else if mm.inferencesPerSecond > 0 {
                    out[key(pod, model)] = ModelRate(key: key(pod, model), rate: mm.inferencesPerSecond, failedRate: nil, source: .tritonMetrics)
                }
            }
        }
        // 2. Span metrics of the model's span on pods Triton's counters did not cover.
        let covered = Set((sample?.triton ?? [:]).compactMap { $0.value.models.isEmpty ? nil : $0.key })
        let models = modelSpanNames(sample: sample, requests: requests)
        for (k, c) in sample?.spanCalls ?? [:] where !covered.contains(k.service) && c.callsPerSecond > 0 {
            guard models.contains(k.spanName) || (models.isEmpty && isModelSpan(k, sample: sample)) else { continue }
            out[key(k.service, k.spanName)] = ModelRate(
                key: key(k.service, k.spanName), rate: c.callsPerSecond, failedRate: c.errorsPerSecond, source: .spanMetrics)
        }
        // 3. The pod's rate split by the models of its fetched requests.
        var perPod: [String: [String: (n: Int, failed: Int)]] = [:]
        for r in requests where !r.model.isEmpty {
            var e = perPod[r.server, default: [:]][r.model] ?? (0, 0)
            e.n += 1
            if r.failed { e.failed += 1 }
            perPod[r.server, default: [:]][r.model] = e
        }
        for (pod, byModel) in perPod {
            guard let podRate = podRates[pod], !byModel.keys.contains(where: { out[key(pod, $0)] != nil }) else { continue }
            let total = byModel.values.reduce(0) { $0 + $1.n }
            for (model, e) in byModel {
                let share = Double(e.n) / Double(total)
                out[key(pod, model)] = ModelRate(
                    key: key(pod, model), rate: podRate.rate * share, failedRate: podRate.rate * share * Double(e.failed) / Double(e.n),
                    source: .traces, requests: e.n)
            }
        }
        return out.keys.sorted().map { out[$0]! }
    }

    /// The models fetched requests name: top model spans and every composing step.
    static func modelSpanNames(sample: ServiceGraphSample?, requests: [InferenceRequest]) -> Set<String> {
        var names = Set<String>()
        for r in requests where !r.model.isEmpty { names.insert(r.model) }
        for pod in sample?.triton.values ?? [:].values { names.formUnion(pod.models.keys) }
        return names
    }

    /// Without a model name from traces or Triton: a span of a service that has
    /// `InferRequest` spans, other than `InferRequest` itself and the compute spans.
    static func isModelSpan(_ k: SpanKey, sample: ServiceGraphSample?) -> Bool {
        guard sample?.inferRequestCalls[k.service] != nil || sample?.spanCalls[SpanKey(service: k.service, spanName: "InferRequest")] != nil else {
            return false
        }
        return k.spanName != "InferRequest" && k.spanName != "compute"
    }

    /// `unsampled → pod` figures, from evidence only: orphan traces fetched, or span
    /// metrics exceeding the service graph by more than the counters' noise.
    public struct Orphans: Equatable, Sendable {
        public var server: String
        public var rate: Double
        public var evidence: OrphanEvidence
    }

    /// The difference between two counter sets of one window that is within chance: three
    /// standard deviations of a Poisson count of everything both counted, and never below
    /// three requests over the window (requests/s).
    public static func counterNoise(calls: Double, paired: Double, windowSeconds: Double) -> Double {
        let w = max(1, windowSeconds)
        return max(3 * ((calls + paired) * w).squareRoot(), 3) / w
    }

    /// - Parameters:
    ///   - podEdges: the service-graph (or paired) edges, whose rates into each pod are the sampled calls.
    ///   - orphanCounts: orphan `InferRequest` spans per pod among the fetched traces.
    public static func orphans(sample: ServiceGraphSample?, podEdges: [EdgeSample], orphanCounts: [String: Int], windowSeconds: Double) -> [Orphans] {
        var paired: [String: Double] = [:]
        for e in podEdges { paired[e.key.server, default: 0] += e.requestRate }
        let calls = sample?.inferRequestCalls ?? [:]
        var out: [String: Orphans] = [:]
        for (service, c) in calls {
            let difference = c.callsPerSecond - (paired[service] ?? 0)
            let noise = counterNoise(calls: c.callsPerSecond, paired: paired[service] ?? 0, windowSeconds: windowSeconds)
            if let n = orphanCounts[service], n > 0 {
                out[service] = Orphans(server: service, rate: max(difference, Double(n) / max(1, windowSeconds)), evidence: .traces(n))
            } else if difference > noise {
                out[service] = Orphans(server: service, rate: difference, evidence: .counters(noise: noise))
            }
        }
        for (service, n) in orphanCounts where n > 0 && out[service] == nil {
            // No span metrics for this pod: the fetched orphans over the window, a lower bound.
            out[service] = Orphans(server: service, rate: Double(n) / max(1, windowSeconds), evidence: .traces(n))
        }
        return out.keys.sorted().map { out[$0]! }
    }

    /// How wide the bucket around a quantile is, relative to its upper bound (0 for an
    /// exact or native one, 1 for a first bucket starting at 0): the smaller, the finer.
    static func relativeWidth(_ q: QuantileEstimate) -> Double {
        guard q.isKnown else { return .infinity }
        guard let r = q.range else { return 0 }
        guard r.upper.isFinite, r.upper > 0 else { return 1 }
        return (r.upper - r.lower) / r.upper
    }

    /// A Triton pod's incoming latency: the service graph's server side, or span metrics
    /// of its `InferRequest` spans when their bucket around the p95 is finer (Tempo's span
    /// metrics buckets start at 2 ms where the service graph's start at 100 ms).
    public static func tritonLatency(serviceGraph: LatencyStats, spanMetrics: SourcedHistogram?, rate: Double) -> LatencyStats {
        guard let s = spanMetrics else { return serviceGraph }
        let candidate = LatencyStats(
            histogram: s.histogram, sumRate: s.sumRate, countRate: s.histogram.count, source: s.source, side: .server, origin: .spanMetrics)
        guard candidate.p95.isKnown else { return serviceGraph }
        guard serviceGraph.p95.isKnown else { return candidate }
        return relativeWidth(candidate.p95) < relativeWidth(serviceGraph.p95) ? candidate : serviceGraph
    }

    /// An Envoy pod's outgoing latency: Envoy's own request timer when every pod of the
    /// node has it, else the client side of its edges (Envoy's ingress spans), never the
    /// server side, which is Triton's.
    public static func envoyLatency(_ pods: [EnvoyPodMetrics], podCount: Int, clientSide: LatencyStats) -> LatencyStats {
        let histograms = pods.compactMap(\.downstreamTime)
        guard histograms.count == podCount, podCount > 0, var merged = histograms.first else { return clientSide }
        for h in histograms.dropFirst() { merged = merged + h }
        guard merged.count > 0 else { return clientSide }
        let count = pods.map(\.downstreamRequestsPerSecond).reduce(0, +)
        let sumMs = pods.reduce(0.0) { $0 + ($1.downstreamRequestMs ?? 0) * $1.downstreamRequestsPerSecond }
        return LatencyStats(histogram: merged, sumRate: sumMs / 1000, countRate: count, source: .classic, side: .envoy, origin: .envoyMetrics)
    }

    /// Latency from exact quantiles over fetched spans, for figures no histogram covers
    /// (a model node, a `pod → model` edge).
    public static func tracesLatency(_ t: TraceLatency?) -> LatencyStats {
        guard let t else { return .unknown }
        let q = t.estimates.map(\.value)
        return LatencyStats(p50: q[0], p95: q[1], p99: q[2], averageSeconds: nil, histogram: nil, source: .traces, side: t.side, origin: .traces)
    }
}

extension FigureSources {
    /// Whether the sampled figures are in fact complete: a declared sampling rate of 1, or
    /// the service graph's Envoy → Triton rate within 5 % of every request Triton traced
    /// (its span metrics, less the requests that came without Envoy).
    public static func samplingIsComplete(_ map: ServiceMap, declaredRate: Double?) -> Bool {
        if let p = declaredRate { return p >= 1 }
        var traced = 0.0, sampled = 0.0, direct = 0.0
        for n in map.nodes where n.role == .triton && !n.isGone {
            guard let calls = n.spanMetricsRate else { return false }
            traced += calls
        }
        for e in map.edges where !e.isGone && e.rateSource == .serviceGraph && map.node(e.key.server)?.role == .triton {
            if e.key.client == ServiceGraphPairing.userNode { direct += e.traffic.rate } else { sampled += e.traffic.rate }
        }
        guard traced - direct > 0, sampled > 0 else { return false }
        return sampled / (traced - direct) >= 0.95
    }
}
