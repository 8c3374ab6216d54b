import SonicMapCore

/// One request in the traces list.
public struct TraceRow: Equatable, Sendable {
    public var traceID: TraceID
    public var startUnixNano: UInt64
    public var durationNanos: UInt64
    public var rootService: String
    public var rootName: String
    public var pod: String
    public var model: String
    public var failed: Bool
    public var orphan: Bool
    public var phases: PhaseDurations
    /// Found through a Prometheus exemplar rather than a search.
    public var exemplar: Bool
}

/// The requests behind the selected edge or node, slowest first.
public struct TracesState: Equatable, Sendable {
    public var title: String
    /// The TraceQL query that finds these requests in Tempo (shown, editable with `/`).
    public var query: String
    public var rows: [TraceRow]
    public var selectedRow = 0
    public var scroll = 0

    /// Requests in `traces` that belong to `selection` on `map`.
    public static func make(for selection: Selection, map: ServiceMap, traces: [Trace]) -> TracesState {
        func groupID(_ service: String) -> String {
            map.nodes.first { $0.members.contains(service) || $0.id == service }?.id ?? service
        }
        var rows: [TraceRow] = []
        for trace in traces {
            let spans = Dictionary(trace.spans.map { ($0.spanID, $0) }, uniquingKeysWith: { a, _ in a })
            for r in TraceAnalysis.analyze(trace).requests {
                let client = r.client.map(groupID) ?? OrphanNode.name
                let server = groupID(r.server)
                let model = ServiceMapBuilder.modelNodeID(r.model)
                let belongs: Bool
                switch selection {
                case .node(let id): belongs = server == id || client == id || model == id
                case .edge(let k): belongs = (k.client == client && k.server == server) || (k.client == server && k.server == model)
                }
                guard belongs, let root = spans[r.rootSpanID] else { continue }
                let failed = r.spanIDs.contains { spans[$0]?.status == .error }
                    || r.spanIDs.contains { spans[$0]?.attributes["grpc.status_code"].map { $0.text != "0" } ?? false }
                rows.append(TraceRow(
                    traceID: trace.traceID, startUnixNano: root.startUnixNano, durationNanos: r.rootDurationNanos,
                    rootService: root.service, rootName: root.name, pod: r.server, model: r.model, failed: failed, orphan: r.orphan,
                    phases: r.phases, exemplar: false))
            }
        }
        rows.sort { ($0.durationNanos, $0.traceID) > ($1.durationNanos, $1.traceID) }
        let title: String
        let query: String
        switch selection {
        case .node(let id):
            title = "node " + PodName(id).short
            query = "{ resource.service.name = \"\(id)\" && name = \"InferRequest\" }"
        case .edge(let k):
            title = "edge " + PodName(k.client).short + "→" + PodName(k.server).short
            query = k.client == OrphanNode.name
                ? "{ resource.service.name = \"\(k.server)\" && name = \"InferRequest\" } && !{ resource.service.name != \"\(k.server)\" }"
                : "{ resource.service.name = \"\(k.client)\" } >> { resource.service.name = \"\(k.server)\" && name = \"InferRequest\" }"
        }
        return TracesState(title: title, query: query, rows: rows)
    }
}
