/// One request between two services, found by pairing spans the way Tempo's
/// metrics generator does.
public struct PairedEdge: Equatable, Sendable {
    public var key: EdgeKey
    public var connectionType: ConnectionType
    /// Duration of the client span (0 when there is none, as Tempo records it).
    public var clientSeconds: Double
    /// Duration of the server span (for a database call, the client span's).
    public var serverSeconds: Double
    public var failed: Bool
    public var traceID: TraceID

    public init(key: EdgeKey, connectionType: ConnectionType, clientSeconds: Double, serverSeconds: Double, failed: Bool, traceID: TraceID) {
        self.key = key
        self.connectionType = connectionType
        self.clientSeconds = clientSeconds
        self.serverSeconds = serverSeconds
        self.failed = failed
        self.traceID = traceID
    }
}

/// What pairing a set of complete traces produced.
public struct PairingResult: Equatable, Sendable {
    /// Edges in the order their server (or lone client) span appeared.
    public var edges: [PairedEdge]
    /// SERVER/CONSUMER spans whose parent span is absent from the trace: their caller was
    /// not sampled (or not exported), so Tempo forms no edge for them.
    public var orphans: [Span]

    public init(edges: [PairedEdge] = [], orphans: [Span] = []) {
        self.edges = edges
        self.orphans = orphans
    }
}

/// Tempo's service-graph pairing rules, applied to complete traces.
///
/// - A CLIENT (or PRODUCER) span and a SERVER (or CONSUMER) span whose parent is that
///   client span form one edge `client service → server service`; PRODUCER/CONSUMER
///   pairs are `messaging_system` edges.
/// - The edge failed when either span has status ERROR.
/// - A root SERVER span becomes `user → server`, a `virtual_node` edge.
/// - A client span with `db.name` or `db.system` is a `database` edge on its own, named
///   by `peer.service`, `server.address`, `network.peer.address[:port]` or `db.name`.
/// - A client span left unpaired but carrying `peer.service`, `db.name` or `db.system`
///   becomes an edge to that peer, a `virtual_node` edge.
/// - Any other unpaired span forms no edge (Tempo lets it expire).
///
/// Because the traces are complete, every unpaired span is treated as expired.
public enum ServiceGraphPairing {
    public static let userNode = "user"

    public static func pair(_ traces: [Trace]) -> PairingResult {
        var result = PairingResult()
        for trace in traces { pair(trace, into: &result) }
        return result
    }

    private struct Pending {
        var client: Span?
        var server: Span?
        var order: Int
    }

    public static func pair(_ trace: Trace, into result: inout PairingResult) {
        var pending: [SpanID: Pending] = [:]
        var roots: [Span] = []
        var order = 0
        var present = Set<SpanID>()
        present.reserveCapacity(trace.spans.count)
        for span in trace.spans { present.insert(span.spanID) }

        for span in trace.spans {
            order += 1
            switch span.kind {
            case .client, .producer:
                if let db = databaseEdge(span) {
                    result.edges.append(db)
                    continue
                }
                pending[span.spanID, default: Pending(order: order)].client = span
            case .server, .consumer:
                guard let parent = span.parentSpanID else {
                    roots.append(span)
                    continue
                }
                if pending[parent]?.server != nil {
                    // A second server child of one client: Tempo completes the first and lets this expire.
                    if !present.contains(parent) { result.orphans.append(span) }
                    continue
                }
                pending[parent, default: Pending(order: order)].server = span
                if pending[parent]!.order > order { pending[parent]!.order = order }
            default:
                continue
            }
        }

        var completed: [(Int, PairedEdge)] = []
        for (_, p) in pending {
            if let c = p.client, let s = p.server {
                let messaging = c.kind == .producer || s.kind == .consumer
                completed.append((p.order, PairedEdge(
                    key: EdgeKey(client: c.service, server: s.service),
                    connectionType: messaging ? .messagingSystem : .plain,
                    clientSeconds: seconds(c), serverSeconds: seconds(s),
                    failed: c.status == .error || s.status == .error, traceID: trace.traceID)))
            } else if let c = p.client, let peer = peerNode(c) {
                completed.append((p.order, PairedEdge(
                    key: EdgeKey(client: c.service, server: peer), connectionType: .virtualNode,
                    clientSeconds: seconds(c), serverSeconds: 0, failed: c.status == .error, traceID: trace.traceID)))
            } else if let s = p.server, let parent = s.parentSpanID, !present.contains(parent) {
                result.orphans.append(s)
            }
        }
        for root in roots {
            let pos = trace.spans.firstIndex(where: { $0.spanID == root.spanID }) ?? 0
            completed.append((pos + 1, PairedEdge(
                key: EdgeKey(client: userNode, server: root.service), connectionType: .virtualNode,
                clientSeconds: 0, serverSeconds: seconds(root), failed: root.status == .error, traceID: trace.traceID)))
        }
        completed.sort { $0.0 < $1.0 }
        result.edges.append(contentsOf: completed.map(\.1))
    }

    private static func seconds(_ s: Span) -> Double { Double(s.durationNanos) / 1e9 }

    private static func text(_ span: Span, _ key: String) -> String? {
        guard let v = span.attributes[key] else { return nil }
        let t = v.text
        return t.isEmpty ? nil : t
    }

    private static func peerNode(_ span: Span) -> String? {
        text(span, "peer.service") ?? text(span, "db.name") ?? text(span, "db.system")
    }

    private static func databaseEdge(_ span: Span) -> PairedEdge? {
        let dbName = text(span, "db.name")
        guard dbName != nil || text(span, "db.system") != nil else { return nil }
        var server = text(span, "peer.service") ?? text(span, "server.address")
        if server == nil, let host = text(span, "network.peer.address") {
            server = text(span, "network.peer.port").map { "\(host):\($0)" } ?? host
        }
        guard let name = server ?? dbName else { return nil }
        return PairedEdge(
            key: EdgeKey(client: span.service, server: name), connectionType: .database,
            clientSeconds: seconds(span), serverSeconds: seconds(span), failed: span.status == .error, traceID: span.traceID)
    }
}
