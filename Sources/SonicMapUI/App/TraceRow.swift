import SonicMapCore

/// One request in the traces list.
public struct TraceRow: Equatable, Sendable {
    /// The trace, and when and how long its request ran (the root span's start and duration).
    public var traceID: TraceID
    public var startUnixNano: UInt64
    public var durationNanos: UInt64
    /// The root span's service and name (`envoy-9ww7h ingress`).
    public var rootService: String
    public var rootName: String
    /// The Triton pod and model that served the request.
    public var pod: String
    public var model: String
    /// A span of the request failed (status error, or a non-zero gRPC status).
    public var failed: Bool
    /// The failed span's status message (`CUDA out of memory`), as received; empty when none.
    public var statusMessage: String
    /// Triton's InferRequest has no parent span in the trace.
    public var orphan: Bool
    /// The request's per-hop phases, for the mini bar.
    public var phases: PhaseDurations
    /// Found through a Prometheus exemplar (marked ◆).
    public var exemplar: Bool
    /// The trace is held in full; otherwise the row shows what the search hit or exemplar
    /// said, and opening it fetches the trace first.
    public var fetched: Bool

    /// The requests of `trace` that belong to `selection` on `map`: one row per Triton
    /// `InferRequest` whose edge or node is the selection. With `fallback`, a trace with
    /// no such request (a query edited to find other traces) still gets one row, from its
    /// first request or its root span.
    public static func rows(of trace: Trace, for selection: Selection?, map: ServiceMap, fallback: Bool) -> [TraceRow] {
        func groupID(_ service: String) -> String {
            map.nodes.first { $0.members.contains(service) || $0.id == service }?.id ?? service
        }
        let spans = Dictionary(trace.spans.map { ($0.spanID, $0) }, uniquingKeysWith: { a, _ in a })
        let requests = TraceAnalysis.analyze(trace).requests
        func row(_ r: InferenceRequest) -> TraceRow? {
            guard let root = spans[r.rootSpanID] else { return nil }
            let own = r.spanIDs.compactMap { spans[$0] }
            let failed = own.contains { $0.status == .error } || own.contains { $0.attributes["grpc.status_code"].map { $0.text != "0" } ?? false }
            let message = (own.first { $0.status == .error && !$0.statusMessage.isEmpty } ?? own.first { !$0.statusMessage.isEmpty })?.statusMessage
                ?? own.lazy.compactMap { $0.attributes["grpc.message"]?.text }.first ?? ""
            return TraceRow(
                traceID: trace.traceID, startUnixNano: root.startUnixNano, durationNanos: r.rootDurationNanos,
                rootService: root.service, rootName: root.name, pod: r.server, model: r.model, failed: failed, statusMessage: message,
                orphan: r.orphan, phases: r.phases, exemplar: false, fetched: true)
        }
        var out: [TraceRow] = []
        for r in requests {
            let client = r.client.map(groupID) ?? OrphanNode.name
            let server = groupID(r.server)
            let model = ModelNodeID(model: r.model).nodeID
            let belongs: Bool
            switch selection {
            case .node(let id)?: belongs = server == id || client == id || model == id
            case .edge(let k)?: belongs = (k.client == client && k.server == server) || (k.client == server && k.server == model)
            case nil: belongs = true
            }
            if belongs, let row = row(r) { out.append(row) }
        }
        guard out.isEmpty, fallback else { return out }
        if let first = requests.first.flatMap(row) { return [first] }
        guard let root = trace.spans.first(where: { $0.parentSpanID == nil }) ?? trace.spans.min(by: { $0.startUnixNano < $1.startUnixNano }) else { return [] }
        return [TraceRow(
            traceID: trace.traceID, startUnixNano: trace.startUnixNano, durationNanos: trace.endUnixNano &- trace.startUnixNano,
            rootService: root.service, rootName: root.name, pod: "", model: "", failed: trace.spans.contains { $0.status == .error },
            statusMessage: trace.spans.first { $0.status == .error && !$0.statusMessage.isEmpty }?.statusMessage ?? "",
            orphan: false, phases: PhaseDurations(), exemplar: false, fetched: true)]
    }

    /// A row for a search hit whose trace is not held.
    public init(hit: TraceSummary) {
        self.init(
            traceID: hit.traceID, startUnixNano: hit.startUnixNano, durationNanos: UInt64(max(0, hit.durationMs) * 1e6),
            rootService: hit.rootServiceName, rootName: hit.rootTraceName, pod: "", model: "", failed: hit.status == .error,
            statusMessage: hit.statusMessage, orphan: false, phases: PhaseDurations(), exemplar: false, fetched: false)
    }

    /// A row for an exemplar whose trace is not held: what the histogram observed.
    public init(exemplar: TraceExemplar) {
        self.init(
            traceID: exemplar.traceID, startUnixNano: UInt64(max(0, exemplar.time) * 1e9), durationNanos: UInt64(max(0, exemplar.seconds) * 1e9),
            rootService: "exemplar", rootName: "", pod: "", model: "", failed: false, statusMessage: "", orphan: false,
            phases: PhaseDurations(), exemplar: true, fetched: false)
    }

    public init(
        traceID: TraceID, startUnixNano: UInt64, durationNanos: UInt64, rootService: String, rootName: String, pod: String, model: String,
        failed: Bool, statusMessage: String = "", orphan: Bool, phases: PhaseDurations, exemplar: Bool, fetched: Bool
    ) {
        self.traceID = traceID
        self.startUnixNano = startUnixNano
        self.durationNanos = durationNanos
        self.rootService = rootService
        self.rootName = rootName
        self.pod = pod
        self.model = model
        self.failed = failed
        self.statusMessage = statusMessage
        self.orphan = orphan
        self.phases = phases
        self.exemplar = exemplar
        self.fetched = fetched
    }
}
