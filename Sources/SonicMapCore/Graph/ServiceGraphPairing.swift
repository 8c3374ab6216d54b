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
/// - A root SERVER (or CONSUMER) span becomes `user → server`, a `virtual_node` edge, or
///   `peer → server` when the span names its caller by `peer.service`, `db.name` or
///   `db.system` (as Tempo 2.10 does).
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
        // By index: a for-in loop copies each trace out of the array.
        for t in traces.indices { pair(traces[t], into: &result) }
        return result
    }

    /// A client span and the server span under it, by index into the trace's spans.
    private struct Pending {
        var client: Int?
        var server: Int?
        var order: Int
    }

    public static func pair(_ trace: Trace, into result: inout PairingResult) {
        let spans = trace.spans
        let lookup = SpanLookup(spans)
        // One slot per span id present (at its first span): the client span with that id
        // and the server span under it. A server whose parent is absent pairs with nothing.
        var pending = [Pending?](repeating: nil, count: spans.count)
        var roots: [Int] = []

        for i in spans.indices {
            let order = i + 1
            switch spans[i].kind {
            case .client, .producer:
                if let db = databaseEdge(spans[i]) {
                    result.edges.append(db)
                    continue
                }
                let slot = lookup.index(of: spans[i].spanID) ?? i
                var p = pending[slot] ?? Pending(order: order)
                p.client = i
                pending[slot] = p
            case .server, .consumer:
                guard let parent = spans[i].parentSpanID else {
                    roots.append(i)
                    continue
                }
                // The caller was not sampled (or not exported): Tempo forms no edge.
                guard let slot = lookup.index(of: parent) else {
                    result.orphans.append(spans[i])
                    continue
                }
                // A second server child of one client: Tempo completes the first and lets this expire.
                var p = pending[slot] ?? Pending(order: order)
                if p.server != nil { continue }
                p.server = i
                p.order = min(p.order, order)
                pending[slot] = p
            default:
                continue
            }
        }

        var completed: [(Int, PairedEdge)] = []
        for p in pending {
            guard let p, let ci = p.client else { continue }
            if let si = p.server {
                let messaging = spans[ci].kind == .producer || spans[si].kind == .consumer
                completed.append((p.order, PairedEdge(
                    key: EdgeKey(client: spans[ci].service, server: spans[si].service),
                    connectionType: messaging ? .messagingSystem : .plain,
                    clientSeconds: seconds(spans[ci]), serverSeconds: seconds(spans[si]),
                    failed: spans[ci].status == .error || spans[si].status == .error, traceID: trace.traceID)))
            } else if let peer = peerNode(spans[ci]) {
                completed.append((p.order, PairedEdge(
                    key: EdgeKey(client: spans[ci].service, server: peer), connectionType: .virtualNode,
                    clientSeconds: seconds(spans[ci]), serverSeconds: 0, failed: spans[ci].status == .error, traceID: trace.traceID)))
            }
        }
        for ri in roots {
            // A root is ordered where its id first appears.
            let pos = lookup.index(of: spans[ri].spanID) ?? 0
            completed.append((pos + 1, PairedEdge(
                key: EdgeKey(client: peerNode(spans[ri]) ?? userNode, server: spans[ri].service), connectionType: .virtualNode,
                clientSeconds: 0, serverSeconds: seconds(spans[ri]), failed: spans[ri].status == .error, traceID: trace.traceID)))
        }
        // Usually already in span order; sort only when not.
        if zip(completed, completed.dropFirst()).contains(where: { $0.0 > $1.0 }) { completed.sort { $0.0 < $1.0 } }
        for c in completed { result.edges.append(c.1) }
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
        // One pass over the attributes: every client span is asked, and most are not database calls.
        // The first attribute of each name counts, as `attributes[key]` would find it.
        var firstName: String?? = nil, firstSystem: String?? = nil
        for a in span.attributes where a.key.utf8.first == UInt8(ascii: "d") {
            if a.key == "db.name", firstName == nil { firstName = .some(a.value.text.isEmpty ? nil : a.value.text) }
            if a.key == "db.system", firstSystem == nil { firstSystem = .some(a.value.text.isEmpty ? nil : a.value.text) }
        }
        let dbName: String? = firstName ?? nil
        guard dbName != nil || (firstSystem ?? nil) != nil else { return nil }
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
