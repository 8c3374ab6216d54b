/// The durations of the fetched spans behind each edge and node, for exact quantiles
/// (`TraceLatency`) beside the histogram figures.
///
/// - an edge between services: its paired server spans (as Tempo would time them);
/// - an `unsampled → pod` edge: the orphan `InferRequest` spans;
/// - a `pod → model` edge and a model node: the top model spans;
/// - a node with incoming edges: the server spans of those edges (and its orphans);
///   one without (Envoy under SuperSONIC's span kinds): the client spans it sent.
struct FetchedTimings {
    private var edges: [EdgeKey: [Double]] = [:]
    private var serverOf: [String: [Double]] = [:]
    private var clientOf: [String: [Double]] = [:]
    private var models: [String: [Double]] = [:]

    init(pairs: [PairedEdge], requests: [InferenceRequest], group: (String) -> String, showModels: Bool) {
        for p in pairs {
            let key = EdgeKey(client: group(p.key.client), server: group(p.key.server))
            edges[key, default: []].append(p.serverSeconds)
            serverOf[key.server, default: []].append(p.serverSeconds)
            if p.connectionType != .virtualNode { clientOf[key.client, default: []].append(p.clientSeconds) }
        }
        for r in requests {
            let server = group(r.server)
            if r.orphan {
                let seconds = Double(r.inferDurationNanos) / 1e9
                edges[EdgeKey(client: OrphanNode.name, server: server), default: []].append(seconds)
                serverOf[server, default: []].append(seconds)
            }
            if showModels, !r.model.isEmpty, let seconds = r.modelSeconds {
                let m = ModelNodeID(model: r.model).nodeID
                edges[EdgeKey(client: server, server: m), default: []].append(seconds)
                models[m, default: []].append(seconds)
            }
        }
    }

    func edge(_ key: EdgeKey) -> TraceLatency? {
        edges[key].flatMap { TraceLatency(seconds: $0, side: .server) }
    }

    func node(_ id: String, role: NodeRole, hasIncoming: Bool) -> TraceLatency? {
        if role == .model { return models[id].flatMap { TraceLatency(seconds: $0, side: .server) } }
        if hasIncoming || clientOf[id] == nil { return serverOf[id].flatMap { TraceLatency(seconds: $0, side: .server) } }
        return clientOf[id].flatMap { TraceLatency(seconds: $0, side: .client) }
    }
}
