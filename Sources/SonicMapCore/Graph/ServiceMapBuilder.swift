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
        var orphanEdges: [EdgeSample] = []
        var orphanCounts: [String: Int] = [:]
        for span in pairing.orphans { orphanCounts[span.service, default: 0] += 1 }
        if options.showOrphans {
            orphanEdges = orphanSamples(sample: sample, podEdges: podEdges, orphanCounts: orphanCounts, windowSeconds: windowSeconds)
        }

        func role(_ name: String, _ ct: ConnectionType?, server: Bool) -> NodeRole {
            roles[name] ?? RoleInference.fallbackRole(name: name, connectionType: ct, asServer: server)
        }
        let modelEdges = options.showModels ? modelSamples(sample: sample, requests: requests, windowSeconds: windowSeconds) : []
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
        var edgeAcc: [EdgeKey: (TrafficAccumulator, ConnectionType, RateSource, Int)] = [:]
        func addEdge(_ e: EdgeSample, _ src: RateSource, orphans: Int) {
            let key = EdgeKey(client: group(e.key.client), server: group(e.key.server))
            var entry = edgeAcc[key] ?? (TrafficAccumulator(), e.connectionType, src, 0)
            entry.0.add(e)
            entry.3 += orphans
            edgeAcc[key] = entry
        }
        for e in podEdges { addEdge(e, source, orphans: 0) }
        for e in orphanEdges { addEdge(e, .orphans, orphans: orphanCounts[e.key.server] ?? 0) }
        for e in modelEdges { addEdge(e, sample?.triton.isEmpty == false ? .tritonMetrics : .traces, orphans: 0) }

        var incoming: [String: TrafficAccumulator] = [:]
        var outgoing: [String: TrafficAccumulator] = [:]
        for e in podEdges {
            incoming[group(e.key.server), default: TrafficAccumulator()].add(e)
            outgoing[group(e.key.client), default: TrafficAccumulator()].add(e)
        }
        // The `unsampled` node's traffic is its orphan edges, a model's its model edges; they
        // stay out of the pods' service-graph stats.
        for e in orphanEdges { outgoing[e.key.client, default: TrafficAccumulator()].add(e) }
        for e in modelEdges { incoming[e.key.server, default: TrafficAccumulator()].add(e) }

        // Per-hop phases of the fetched requests (by index), by edge, by pod and by model.
        var edgeRequests: [EdgeKey: [Int]] = [:]
        var nodeRequests: [String: [Int]] = [:]
        for i in requests.indices {
            let client = requests[i].client.map(group) ?? OrphanNode.name
            let server = group(requests[i].server)
            edgeRequests[EdgeKey(client: client, server: server), default: []].append(i)
            nodeRequests[server, default: []].append(i)
            if options.showModels, !requests[i].model.isEmpty {
                let m = modelNodeID(requests[i].model)
                nodeRequests[m, default: []].append(i)
                edgeRequests[EdgeKey(client: server, server: m), default: []].append(i)
            }
        }

        var members: [String: [String]] = [:]
        for pod in podRoles.keys.sorted() { members[group(pod), default: []].append(pod) }

        let nodes: [MapNode] = members.keys.sorted().map { id in
            let pods = members[id] ?? [id]
            let nodeRole = podRoles[pods[0]] ?? .other
            let level = place(pods[0]).level
            let label = nodeRole == .model ? modelName(id) : (level == .pod ? PodName(id).short : id)
            let triton = mergeTriton(pods.compactMap { sample?.triton[$0] })
            let envoy = mergeEnvoy(pods.compactMap { sample?.envoy[$0] })
            let calls = pods.compactMap { sample?.inferRequestCalls[$0]?.callsPerSecond }
            return MapNode(
                id: id, label: label, role: nodeRole, members: pods, level: level,
                incoming: incoming[id]?.traffic ?? .zero, outgoing: outgoing[id]?.traffic ?? .zero,
                triton: triton, envoy: envoy, spanMetricsRate: calls.isEmpty ? nil : calls.reduce(0, +),
                phases: PhaseStats(requests, at: nodeRequests[id] ?? []))
        }
        let edges: [MapEdge] = edgeAcc.keys.sorted().map { key in
            let (acc, ct, src, orphans) = edgeAcc[key]!
            let sampled = src == .serviceGraph || src == .traces
            let estimate = sampled ? options.declaredSamplingRate.map { acc.rate / $0 } : nil
            return MapEdge(
                key: key, connectionType: ct, rateSource: src, traffic: acc.traffic, clientLatency: acc.clientLatency,
                orphanCount: orphans, estimatedRate: estimate,
                phases: PhaseStats(requests, at: edgeRequests[key] ?? []))
        }
        return ServiceMap(nodes: nodes, edges: edges, grouping: options.grouping, folds: options.folds, time: now, windowSeconds: windowSeconds)
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

    /// `unsampled → pod` edges. With span metrics the orphan rate is every traced
    /// `InferRequest` minus the requests that paired into an edge; never scaled by a
    /// sampling rate. Without them, orphans counted in fetched traces over the window.
    static func orphanSamples(sample: ServiceGraphSample?, podEdges: [EdgeSample], orphanCounts: [String: Int], windowSeconds: Double) -> [EdgeSample] {
        var paired: [String: Double] = [:]
        for e in podEdges { paired[e.key.server, default: 0] += e.requestRate }
        var rates: [String: Double] = [:]
        if let calls = sample?.inferRequestCalls, !calls.isEmpty {
            for (service, c) in calls {
                let r = c.callsPerSecond - (paired[service] ?? 0)
                if r > 1e-9 { rates[service] = r }
            }
        } else {
            for (service, n) in orphanCounts { rates[service] = Double(n) / max(1, windowSeconds) }
        }
        return rates.keys.sorted().map { service in
            EdgeSample(key: EdgeKey(client: OrphanNode.name, server: service), connectionType: .virtualNode, requestRate: rates[service]!)
        }
    }

    /// Node id of a model on the map (ids never clash with service names).
    public static func modelNodeID(_ model: String) -> String { "model/" + model }

    static func modelName(_ id: String) -> String { id.hasPrefix("model/") ? String(id.dropFirst(6)) : id }

    /// `pod → model` edges: Triton's own per-model inference rates when they exist (every
    /// request), else requests counted in fetched traces over the window.
    static func modelSamples(sample: ServiceGraphSample?, requests: [InferenceRequest], windowSeconds: Double) -> [EdgeSample] {
        var rates: [EdgeKey: Double] = [:]
        if let triton = sample?.triton, !triton.isEmpty {
            for (pod, m) in triton {
                for (model, mm) in m.models where mm.inferencesPerSecond > 0 {
                    rates[EdgeKey(client: pod, server: modelNodeID(model))] = mm.inferencesPerSecond
                }
            }
        } else {
            for i in requests.indices where !requests[i].model.isEmpty {
                rates[EdgeKey(client: requests[i].server, server: modelNodeID(requests[i].model)), default: 0] += 1 / max(1, windowSeconds)
            }
        }
        return rates.keys.sorted().map { EdgeSample(key: $0, connectionType: .plain, requestRate: rates[$0]!) }
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
                models[name] = cur
            }
        }
        return TritonPodMetrics(
            inferencesPerSecond: pods.map(\.inferencesPerSecond).reduce(0, +), executionsPerSecond: execs,
            queueMs: weighted(\.queueMs), inputMs: weighted(\.inputMs), inferMs: weighted(\.inferMs), outputMs: weighted(\.outputMs),
            gpuUtilization: average(\.gpuUtilization), gpuMemoryRatio: average(\.gpuMemoryRatio), models: models)
    }

    static func mergeEnvoy(_ pods: [EnvoyPodMetrics]) -> EnvoyPodMetrics? {
        guard let first = pods.first else { return nil }
        if pods.count == 1 { return first }
        let rate = pods.map(\.downstreamRequestsPerSecond).reduce(0, +)
        var ms: Double? = nil
        if rate > 0, pods.allSatisfy({ $0.downstreamRequestMs != nil }) {
            ms = pods.map { $0.downstreamRequestMs! * $0.downstreamRequestsPerSecond }.reduce(0, +) / rate
        }
        return EnvoyPodMetrics(downstreamRequestsPerSecond: rate, downstreamRequestMs: ms)
    }
}
