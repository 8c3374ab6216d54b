/// Builds the map of one refresh from plain values: service-graph metrics, the traces
/// fetched for the window, and per-pod metrics. Pure and deterministic.
public enum ServiceMapBuilder {
    public struct Options: Equatable, Sendable {
        public var grouping: Grouping
        /// Show the `unsampled → pod` edges of orphan requests.
        public var showOrphans: Bool
        /// The sampling rate the user declared, for estimated true rates.
        public var declaredSamplingRate: Double?
        /// Add a level of model nodes after the Triton pods.
        public var showModels: Bool
        /// Groups collapsed or expanded on top of the grouping (`+`/`-` on the map).
        public var folds: GroupFolds

        public init(
            grouping: Grouping = .pod, showOrphans: Bool = true, declaredSamplingRate: Double? = nil, showModels: Bool = true,
            folds: GroupFolds = GroupFolds()
        ) {
            self.folds = folds
            self.grouping = grouping
            self.showOrphans = showOrphans
            self.declaredSamplingRate = declaredSamplingRate
            self.showModels = showModels
        }
    }

    public static func build(sample: ServiceGraphSample?, traces: [Trace], options: Options = Options(), now: Double, windowSeconds: Double) -> ServiceMap {
        let roles = RoleInference.roles(from: traces)
        let pairing = ServiceGraphPairing.pair(traces)
        var requests: [InferenceRequest] = []
        requests.reserveCapacity(traces.count)
        for t in traces.indices { requests += TraceAnalysis.analyze(traces[t]).requests }

        // Edges per service pair, from metrics when there are any, else from traces.
        var podEdges: [EdgeSample] = sample?.edges ?? []
        var source = RateSource.serviceGraph
        if podEdges.isEmpty, !pairing.edges.isEmpty {
            podEdges = edgesFromPairs(pairing.edges, windowSeconds: windowSeconds)
            source = .traces
        }
        var orphanCounts: [String: Int] = [:]
        for span in pairing.orphans { orphanCounts[span.service, default: 0] += 1 }
        let orphans = options.showOrphans
            ? FigureSources.orphans(sample: sample, podEdges: podEdges, orphanCounts: orphanCounts, windowSeconds: windowSeconds) : []
        let orphanEdges = orphans.map {
            EdgeSample(key: EdgeKey(client: OrphanNode.name, server: $0.server), connectionType: .virtualNode, requestRate: $0.rate)
        }
        var evidence: [EdgeKey: OrphanEvidence] = [:]
        for (o, e) in zip(orphans, orphanEdges) { evidence[e.key] = o.evidence }

        func role(_ name: String, _ ct: ConnectionType?, server: Bool) -> NodeRole {
            roles[name] ?? RoleInference.fallbackRole(name: name, connectionType: ct, asServer: server)
        }
        // Each pod's own rate, which a model figure from traces splits by model.
        var podIncoming: [String: TrafficAccumulator] = [:]
        for e in podEdges { podIncoming[e.key.server, default: TrafficAccumulator()].add(e) }
        var podRates: [String: SourcedRate] = [:]
        for pod in Set(podIncoming.keys).union((sample?.triton.keys).map(Array.init) ?? []).union((sample?.inferRequestCalls.keys).map(Array.init) ?? []) {
            podRates[pod] = FigureSources.tritonRate(
                sample?.triton[pod], calls: sample?.inferRequestCalls[pod], traffic: podIncoming[pod]?.traffic ?? .zero, trafficSource: source)
        }
        let modelRates = options.showModels ? FigureSources.modelRates(sample: sample, requests: requests, podRates: podRates) : []
        let modelEdges = modelRates.map { EdgeSample(key: $0.key, connectionType: .plain, requestRate: $0.rate, failedRate: $0.failedRate ?? 0) }
        var podRoles: [String: NodeRole] = [:]
        for e in podEdges + orphanEdges {
            podRoles[e.key.client] = podRoles[e.key.client] ?? role(e.key.client, e.connectionType, server: false)
            podRoles[e.key.server] = podRoles[e.key.server] ?? role(e.key.server, e.connectionType, server: true)
        }
        for pod in (sample?.triton.keys).map(Array.init) ?? [] where podRoles[pod] == nil { podRoles[pod] = .triton }
        for pod in (sample?.envoy.keys).map(Array.init) ?? [] where podRoles[pod] == nil { podRoles[pod] = .envoy }
        for e in modelEdges {
            podRoles[e.key.client] = podRoles[e.key.client] ?? .triton
            podRoles[e.key.server] = .model
        }

        // Where each pod goes, worked out once per pod rather than once per edge and request.
        var placement: [String: (id: String, level: Grouping)] = [:]
        func place(_ pod: String) -> (id: String, level: Grouping) {
            if let p = placement[pod] { return p }
            let p = options.folds.node(of: pod, role: podRoles[pod] ?? .other, grouping: options.grouping)
            placement[pod] = p
            return p
        }
        func group(_ pod: String) -> String { place(pod).id }

        // Merge edges by grouped endpoints.
        var edgeAcc: [EdgeKey: EdgeTally] = [:]
        func addEdge(_ e: EdgeSample, _ src: RateSource, orphans: Int) {
            let key = EdgeKey(client: group(e.key.client), server: group(e.key.server))
            var entry = edgeAcc[key] ?? EdgeTally(connectionType: e.connectionType, source: src)
            entry.traffic.add(e, origin: src)
            entry.orphans += orphans
            edgeAcc[key] = entry
        }
        for e in podEdges { addEdge(e, source, orphans: 0) }
        for e in orphanEdges { addEdge(e, .orphans, orphans: orphanCounts[e.key.server] ?? 0) }
        for (e, m) in zip(modelEdges, modelRates) { addEdge(e, m.source, orphans: 0) }

        var incoming: [String: TrafficAccumulator] = [:]
        var outgoing: [String: TrafficAccumulator] = [:]
        for e in podEdges {
            incoming[group(e.key.server), default: TrafficAccumulator()].add(e, origin: source)
            outgoing[group(e.key.client), default: TrafficAccumulator()].add(e, origin: source)
        }
        // The `unsampled` node's traffic is its orphan edges, a model's its model edges; they
        // stay out of the pods' service-graph stats.
        for e in orphanEdges { outgoing[e.key.client, default: TrafficAccumulator()].add(e, origin: .orphans) }
        var modelSources: [String: [FigureSources.ModelRate]] = [:]
        for (e, m) in zip(modelEdges, modelRates) {
            incoming[e.key.server, default: TrafficAccumulator()].add(e, origin: m.source)
            modelSources[e.key.server, default: []].append(m)
        }

        // Per-hop phases of the fetched requests (by index), by edge, by pod and by model.
        var edgeRequests: [EdgeKey: [Int]] = [:]
        var nodeRequests: [String: [Int]] = [:]
        for i in requests.indices {
            let client = requests[i].client.map(group) ?? OrphanNode.name
            let server = group(requests[i].server)
            edgeRequests[EdgeKey(client: client, server: server), default: []].append(i)
            nodeRequests[server, default: []].append(i)
            if options.showModels, !requests[i].model.isEmpty {
                let m = ModelNodeID(model: requests[i].model).nodeID
                nodeRequests[m, default: []].append(i)
                edgeRequests[EdgeKey(client: server, server: m), default: []].append(i)
            }
        }
        let timings = FetchedTimings(pairs: pairing.edges, requests: requests, group: group, showModels: options.showModels)

        var members: [String: [String]] = [:]
        for pod in podRoles.keys.sorted() { members[group(pod), default: []].append(pod) }

        let nodes: [MapNode] = members.keys.sorted().map { id in
            let pods = members[id] ?? [id]
            let nodeRole = podRoles[pods[0]] ?? .other
            let level = place(pods[0]).level
            let label = nodeRole == .model ? ModelNodeID(nodeID: id)?.model ?? id : (level == .pod ? PodName(id).short : id)
            let triton = mergeTriton(pods.compactMap { sample?.triton[$0] })
            let envoyPods = pods.compactMap { sample?.envoy[$0] }
            let envoy = mergeEnvoy(envoyPods)
            let calls = pods.compactMap { sample?.inferRequestCalls[$0] }
            let callRates = calls.isEmpty ? nil : SpanCallRates(
                callsPerSecond: calls.map(\.callsPerSecond).reduce(0, +), errorsPerSecond: calls.map(\.errorsPerSecond).reduce(0, +))
            let inAcc = incoming[id], outAcc = outgoing[id]
            let trace = timings.node(id, role: nodeRole, hasIncoming: (inAcc?.rate ?? 0) > 0)
            var inTraffic = inAcc?.traffic ?? .zero
            var outTraffic = outAcc.map { TrafficStats(rate: $0.rate, failedRate: $0.failedRate, latency: $0.clientLatency) } ?? .zero
            switch nodeRole {
            case .triton:
                inTraffic.latency = FigureSources.tritonLatency(
                    serviceGraph: inTraffic.latency, spanMetrics: mergeSpanLatency(pods.map { sample?.inferRequestLatency[$0] }), rate: inTraffic.rate)
            case .model:
                inTraffic.latency = FigureSources.tracesLatency(trace)
            case .envoy:
                outTraffic.latency = FigureSources.envoyLatency(envoyPods, podCount: pods.count, clientSide: outTraffic.latency)
            case .virtual:
                // A virtual caller has no span of its own: what its edges measured is the server side.
                if let outAcc { outTraffic.latency = outAcc.serverLatency }
            default:
                break
            }
            let ownRate: SourcedRate
            switch nodeRole {
            case .triton:
                ownRate = FigureSources.tritonRate(triton, calls: callRates, traffic: inTraffic, trafficSource: source)
            case .envoy:
                ownRate = FigureSources.envoyRate(envoy, traffic: inTraffic.rate > 0 ? inTraffic : outTraffic, trafficSource: source)
            case .model:
                let parts = modelSources[id] ?? []
                let failed = parts.contains { $0.failedRate == nil } ? nil : parts.compactMap(\.failedRate).reduce(0, +)
                let counted = parts.compactMap(\.requests)
                ownRate = SourcedRate(
                    rate: inTraffic.rate, failedRate: failed, source: parts.first?.source ?? source,
                    requests: counted.isEmpty ? nil : counted.reduce(0, +))
            default:
                let t = inTraffic.rate > 0 ? inTraffic : outTraffic
                ownRate = SourcedRate(rate: t.rate, failedRate: t.failedRate, source: id == OrphanNode.name ? .orphans : source)
            }
            return MapNode(
                id: id, label: label, role: nodeRole, members: pods, level: level,
                incoming: inTraffic, outgoing: outTraffic,
                triton: triton, envoy: envoy, spanMetricsRate: calls.isEmpty ? nil : callRates?.callsPerSecond,
                phases: PhaseStats(requests, at: nodeRequests[id] ?? []), ownRate: ownRate, traceLatency: trace)
        }
        let edges: [MapEdge] = edgeAcc.keys.sorted().map { key in
            let tally = edgeAcc[key]!
            let acc = tally.traffic, src = tally.source
            // At a declared 100 % the sampled rate is the true one: nothing to estimate.
            let estimate = src.isSampled ? options.declaredSamplingRate.flatMap { $0 < 1 ? acc.rate / $0 : nil } : nil
            let trace = timings.edge(key)
            var traffic = acc.traffic
            var client = acc.clientLatency
            if acc.serverBuckets == nil, trace != nil, src != .serviceGraph {
                // No histogram behind this edge (a model edge, an orphan edge): exact quantiles of its fetched spans.
                traffic.latency = FigureSources.tracesLatency(trace)
                client = .unknown
            }
            return MapEdge(
                key: key, connectionType: tally.connectionType, rateSource: src, traffic: traffic, clientLatency: client,
                orphanCount: tally.orphans, estimatedRate: estimate,
                phases: PhaseStats(requests, at: edgeRequests[key] ?? []), traceLatency: trace,
                orphanEvidence: evidence.first { group($0.key.server) == key.server && key.client == OrphanNode.name }?.value)
        }
        return ServiceMap(nodes: nodes, edges: edges, grouping: options.grouping, folds: options.folds, time: now, windowSeconds: windowSeconds)
    }

    /// Span-metrics `InferRequest` latency of a node's pods, summed, when every pod has one
    /// of the same kind.
    static func mergeSpanLatency(_ pods: [SourcedHistogram?]) -> SourcedHistogram? {
        guard let first = pods.first ?? nil else { return nil }
        var merged = first
        for p in pods.dropFirst() {
            guard let p, p.source == merged.source else { return nil }
            merged = SourcedHistogram(
                histogram: merged.histogram + p.histogram, sumRate: merged.sumRate.flatMap { a in p.sumRate.map { a + $0 } }, source: merged.source)
        }
        return merged
    }

    /// Edge rates and histograms from paired spans, as Tempo would have counted them.
    public static func edgesFromPairs(_ pairs: [PairedEdge], windowSeconds: Double) -> [EdgeSample] {
        // Entries mutated in place in an array: going through a dictionary value copied
        // both histograms for every pair.
        var index: [EdgeKey: Int] = [:]
        var entries: [(sample: EdgeSample, serverSum: Double, clientSum: Double)] = []
        let perSecond = 1 / max(1, windowSeconds)
        for p in pairs {
            let i: Int
            if let known = index[p.key] {
                i = known
            } else {
                i = entries.count
                index[p.key] = i
                entries.append((EdgeSample(
                    key: p.key, connectionType: p.connectionType, requestRate: 0,
                    serverBuckets: Histogram(bounds: Histogram.tempoDefaultBounds),
                    clientBuckets: Histogram(bounds: Histogram.tempoDefaultBounds)), 0, 0))
            }
            entries[i].sample.requestRate += perSecond
            if p.failed { entries[i].sample.failedRate += perSecond }
            entries[i].sample.serverBuckets!.observe(p.serverSeconds, times: perSecond)
            entries[i].sample.clientBuckets!.observe(p.clientSeconds, times: perSecond)
            entries[i].serverSum += p.serverSeconds * perSecond
            entries[i].clientSum += p.clientSeconds * perSecond
        }
        return entries.sorted { $0.sample.key < $1.sample.key }.map { e in
            var sample = e.sample
            sample.serverSecondsSumRate = e.serverSum
            sample.clientSecondsSumRate = e.clientSum
            return sample
        }
    }

    static func mergeTriton(_ pods: [TritonPodMetrics]) -> TritonPodMetrics? {
        guard let first = pods.first else { return nil }
        if pods.count == 1 { return first }
        let execs = pods.map(\.executionsPerSecond).reduce(0, +)
        func weighted(_ f: (TritonPodMetrics) -> Double?) -> Double? {
            guard execs > 0 else { return nil }
            var total = 0.0
            for p in pods {
                guard let v = f(p) else { return nil }
                total += v * p.executionsPerSecond
            }
            return total / execs
        }
        func average(_ f: (TritonPodMetrics) -> Double?) -> Double? {
            let vs = pods.compactMap(f)
            return vs.isEmpty ? nil : vs.reduce(0, +) / Double(vs.count)
        }
        var models: [String: TritonModelMetrics] = [:]
        for p in pods {
            for (name, m) in p.models {
                var cur = models[name] ?? TritonModelMetrics(inferencesPerSecond: 0)
                let total = cur.inferencesPerSecond + m.inferencesPerSecond
                func mix(_ a: Double?, _ b: Double?) -> Double? {
                    guard total > 0 else { return b ?? a }
                    switch (a, b) {
                    case (let a?, let b?): return (a * cur.inferencesPerSecond + b * m.inferencesPerSecond) / total
                    default: return a ?? b
                    }
                }
                cur.queueMs = mix(cur.queueMs, m.queueMs)
                cur.computeMs = mix(cur.computeMs, m.computeMs)
                cur.inferencesPerSecond = total
                cur.requestsPerSecond = sum(cur.requestsPerSecond, m.requestsPerSecond, first: models[name] == nil)
                cur.failuresPerSecond = sum(cur.failuresPerSecond, m.failuresPerSecond, first: models[name] == nil)
                models[name] = cur
            }
        }
        return TritonPodMetrics(
            inferencesPerSecond: pods.map(\.inferencesPerSecond).reduce(0, +), executionsPerSecond: execs,
            queueMs: weighted(\.queueMs), inputMs: weighted(\.inputMs), inferMs: weighted(\.inferMs), outputMs: weighted(\.outputMs),
            gpuUtilization: average(\.gpuUtilization), gpuMemoryRatio: average(\.gpuMemoryRatio), models: models,
            requestsPerSecond: allSum(pods.map(\.requestsPerSecond)), failuresPerSecond: allSum(pods.map(\.failuresPerSecond)))
    }

    /// The sum when every part is known, else nil: a total missing a pod is no total.
    static func allSum(_ parts: [Double?]) -> Double? {
        parts.contains { $0 == nil } ? nil : parts.compactMap { $0 }.reduce(0, +)
    }

    /// Adds `b` to a running total `a` that is nil when unknown; the first part starts it.
    private static func sum(_ a: Double?, _ b: Double?, first: Bool) -> Double? {
        if first { return b }
        guard let a, let b else { return nil }
        return a + b
    }

    static func mergeEnvoy(_ pods: [EnvoyPodMetrics]) -> EnvoyPodMetrics? {
        guard let first = pods.first else { return nil }
        if pods.count == 1 { return first }
        let rate = pods.map(\.downstreamRequestsPerSecond).reduce(0, +)
        var ms: Double? = nil
        if rate > 0, pods.allSatisfy({ $0.downstreamRequestMs != nil }) {
            ms = pods.map { $0.downstreamRequestMs! * $0.downstreamRequestsPerSecond }.reduce(0, +) / rate
        }
        var time: Histogram? = nil
        if pods.allSatisfy({ $0.downstreamTime != nil }) { time = pods.dropFirst().reduce(first.downstreamTime!) { $0 + $1.downstreamTime! } }
        var classes: [String: Double] = [:]
        for p in pods { classes.merge(p.responseClasses, uniquingKeysWith: +) }
        return EnvoyPodMetrics(
            downstreamRequestsPerSecond: rate, downstreamRequestMs: ms, downstreamTime: time, responseClasses: classes,
            upstreamRequestsPerSecond: allSum(pods.map(\.upstreamRequestsPerSecond)))
    }
}
