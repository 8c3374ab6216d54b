/// What changed between two snapshots of the map (`sonicmap diff A.json B.json`): per edge
/// and node the before, after and delta of rate, error ratio and latency quantiles, and the
/// nodes and edges that appeared or vanished (autoscaling, rollouts).
///
/// Latencies are compared on the same side (an edge's server side, a node's incoming side,
/// or its outgoing side when it only sends), so a delta never mixes two measurements.
public struct SnapshotDiff: Equatable, Sendable {
    /// The figures compared for one edge or node.
    public struct Figures: Equatable, Sendable {
        public var rate: FigureChange
        public var errorRatio: FigureChange
        public var p50Ms: FigureChange
        public var p95Ms: FigureChange
        public var p99Ms: FigureChange

        /// The largest relative change among the figures (see `FigureChange.magnitude`).
        public var magnitude: Double {
            [rate, errorRatio, p50Ms, p95Ms, p99Ms].map(\.magnitude).max() ?? 0
        }

        init(before: (rate: Double, errorRatio: Double?, latency: SnapshotLatency), after: (rate: Double, errorRatio: Double?, latency: SnapshotLatency)) {
            rate = FigureChange(before: before.rate, after: after.rate)
            errorRatio = FigureChange(before: before.errorRatio, after: after.errorRatio)
            let quantile = { (key: String, pick: (SnapshotLatency) -> Double?) in
                FigureChange(before: pick(before.latency), after: pick(after.latency),
                             beforeBound: before.latency.bounds[key], afterBound: after.latency.bounds[key])
            }
            p50Ms = quantile("p50", \.p50)
            p95Ms = quantile("p95", \.p95)
            p99Ms = quantile("p99", \.p99)
        }
    }

    /// An edge present in both snapshots.
    public struct Edge: Equatable, Sendable {
        public var client: String
        public var server: String
        public var figures: Figures
    }

    /// Which side of a node its figures describe.
    public enum Side: String, Sendable {
        case incoming, outgoing
    }

    /// A node present in both snapshots.
    public struct Node: Equatable, Sendable {
        public var id: String
        public var label: String
        public var role: NodeRole
        public var side: Side
        public var figures: Figures
    }

    /// A node or edge found in only one of the two snapshots.
    public enum Member: Equatable, Sendable {
        case node(id: String, role: NodeRole)
        case edge(client: String, server: String)
    }

    /// Edges in both snapshots, the largest relative change first.
    public var edges: [Edge]
    /// Nodes in both snapshots, the largest relative change first.
    public var nodes: [Node]
    /// In the second snapshot only.
    public var added: [Member]
    /// In the first snapshot only.
    public var removed: [Member]

    /// Compares `before` with `after`. Pure: the same two snapshots always give the same diff.
    public static func compare(_ before: Snapshot, _ after: Snapshot) -> SnapshotDiff {
        compare(before: (before.nodes, before.edges), after: (after.nodes, after.edges))
    }

    /// Compares two maps as their snapshots would be (the TUI's `:compare`).
    public static func compare(_ before: ServiceMap, _ after: ServiceMap) -> SnapshotDiff {
        compare(before: Snapshot.figures(of: before), after: Snapshot.figures(of: after))
    }

    private static func compare(
        before: (nodes: [SnapshotNode], edges: [SnapshotEdge]), after: (nodes: [SnapshotNode], edges: [SnapshotEdge])
    ) -> SnapshotDiff {
        let oldEdges = Dictionary(before.edges.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newEdges = Dictionary(after.edges.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let oldNodes = Dictionary(before.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newNodes = Dictionary(after.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        let edges = after.edges.compactMap { new -> Edge? in
            guard let old = oldEdges[new.key] else { return nil }
            return Edge(client: new.client, server: new.server, figures: Figures(
                before: (old.rate, old.errorRatio, old.serverLatency), after: (new.rate, new.errorRatio, new.serverLatency)))
        }
        let nodes = after.nodes.compactMap { new -> Node? in
            guard let old = oldNodes[new.id] else { return nil }
            let side: Side = old.incoming.rate > 0 || new.incoming.rate > 0 ? .incoming : .outgoing
            let pick = { (n: SnapshotNode) in side == .incoming ? n.incoming : n.outgoing }
            let (o, n) = (pick(old), pick(new))
            return Node(id: new.id, label: new.label, role: new.role, side: side, figures: Figures(
                before: (o.rate, o.errorRatio, o.latency), after: (n.rate, n.errorRatio, n.latency)))
        }
        let added = after.nodes.filter { oldNodes[$0.id] == nil }.map { Member.node(id: $0.id, role: $0.role) }
            + after.edges.filter { oldEdges[$0.key] == nil }.map { Member.edge(client: $0.client, server: $0.server) }
        let removed = before.nodes.filter { newNodes[$0.id] == nil }.map { Member.node(id: $0.id, role: $0.role) }
            + before.edges.filter { newEdges[$0.key] == nil }.map { Member.edge(client: $0.client, server: $0.server) }
        return SnapshotDiff(
            edges: edges.sorted { ($0.figures.magnitude, $1.client, $1.server) > ($1.figures.magnitude, $0.client, $0.server) },
            nodes: nodes.sorted { ($0.figures.magnitude, $1.id) > ($1.figures.magnitude, $0.id) },
            added: added, removed: removed)
    }
}
