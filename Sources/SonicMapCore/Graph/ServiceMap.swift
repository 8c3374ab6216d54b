/// How services are merged into map nodes.
public enum Grouping: String, Sendable, Codable, CaseIterable {
    /// One node per service as reported (pods, in SuperSONIC).
    case pod
    /// Pods of one Deployment merged: ReplicaSet hash and pod suffix stripped.
    case deployment
    /// One node per role: all Envoys, all Tritons …
    case role

    /// The next grouping in the `g` key's cycle.
    public var next: Grouping {
        switch self {
        case .pod: .deployment
        case .deployment: .role
        case .role: .pod
        }
    }
}

/// Where a figure (an edge's or node's rate, a latency) came from. `FigureSources`
/// decides, for each figure, which one it is.
public enum RateSource: String, Sendable, Codable, CaseIterable {
    /// Tempo's service-graph metrics (sampled spans, paired by Tempo).
    case serviceGraph = "service-graph"
    /// Fetched traces: spans paired, counted or timed, with their count.
    case traces
    /// Orphan requests counted from Triton's span metrics or traces.
    case orphans
    /// Triton's own counters (`nv_inference_request_success/failure`, `nv_inference_count`): every request.
    case tritonMetrics = "triton-metrics"
    /// Tempo's span metrics (`traces_spanmetrics_*`): every span Triton traced.
    case spanMetrics = "span-metrics"
    /// Envoy's own counters (`envoy_http_downstream_rq_*`): every request Envoy received.
    case envoyMetrics = "envoy-metrics"

    /// Whether rates from this source count only sampled requests.
    public var isSampled: Bool { self == .serviceGraph || self == .traces }

    /// How the source reads in the details panel.
    public var label: String {
        switch self {
        case .serviceGraph: "service graph"
        case .traces: "fetched traces"
        case .orphans: "orphans"
        case .tritonMetrics: "triton metrics"
        case .spanMetrics: "span metrics"
        case .envoyMetrics: "envoy metrics"
        }
    }
}

/// A node's own rate and errors, and where they came from (`FigureSources.nodeRate`).
public struct SourcedRate: Equatable, Sendable {
    public var rate: Double
    /// Failed requests per second; nil when the source counts none (Triton's inference count).
    public var failedRate: Double?
    public var source: RateSource
    /// For a figure from fetched traces, the requests it rests on.
    public var requests: Int?

    public init(rate: Double, failedRate: Double?, source: RateSource, requests: Int? = nil) {
        self.rate = rate
        self.failedRate = failedRate
        self.source = source
        self.requests = requests
    }

    public var errorRatio: Double? {
        guard let f = failedRate, rate > 0 else { return nil }
        return min(1, f / rate)
    }
}

/// Why an `unsampled → pod` edge exists: orphan traces seen in Tempo, or span metrics
/// exceeding the service graph by more than the counters' noise.
public enum OrphanEvidence: Equatable, Sendable {
    /// This many orphan `InferRequest` traces among those fetched.
    case traces(Int)
    /// Span metrics − service graph, significant against `noise` (requests/s, the
    /// difference two counter sets scraped apart show by chance).
    case counters(noise: Double)
}

/// A node on the map.
public struct MapNode: Equatable, Sendable, Identifiable {
    /// Service name in pod grouping; the group name otherwise.
    public var id: String
    public var label: String
    public var role: NodeRole
    /// The services merged into this node (just `id` in pod grouping).
    public var members: [String]
    /// The level this node stands at: a pod, a deployment or a role. It differs from the
    /// map's grouping where the user collapsed or expanded a group (`GroupFolds`).
    public var level: Grouping
    /// Grafana's node stats: every edge into this node, summed.
    public var incoming: TrafficStats
    /// Every edge out of this node, summed.
    public var outgoing: TrafficStats
    public var triton: TritonPodMetrics?
    public var envoy: EnvoyPodMetrics?
    /// True rate of `InferRequest` spans from span metrics (every traced request).
    public var spanMetricsRate: Double?
    /// Per-hop phases of the requests this node served (Triton pods and models).
    public var phases: PhaseStats
    /// Data time the node was last seen, once it has vanished from the data and is fading
    /// out (`FadeOut`); nil while it is present. Its numbers are then the last ones seen.
    public var lastSeen: Double?
    /// The node's own rate and errors from the best source it has (`FigureSources.nodeRate`);
    /// nil for a node built before sources were recorded, which then shows its traffic.
    public var ownRate: SourcedRate?
    /// Exact quantiles over the fetched spans of its primary side.
    public var traceLatency: TraceLatency?

    public init(
        id: String, label: String, role: NodeRole, members: [String], level: Grouping = .pod, incoming: TrafficStats = .zero,
        outgoing: TrafficStats = .zero, triton: TritonPodMetrics? = nil, envoy: EnvoyPodMetrics? = nil, spanMetricsRate: Double? = nil,
        phases: PhaseStats = PhaseStats(), lastSeen: Double? = nil, ownRate: SourcedRate? = nil, traceLatency: TraceLatency? = nil
    ) {
        self.ownRate = ownRate
        self.traceLatency = traceLatency
        self.level = level
        self.lastSeen = lastSeen
        self.phases = phases
        self.id = id
        self.label = label
        self.role = role
        self.members = members
        self.incoming = incoming
        self.outgoing = outgoing
        self.triton = triton
        self.envoy = envoy
        self.spanMetricsRate = spanMetricsRate
    }

    public var isVirtual: Bool { role == .virtual }
    /// Vanished from the data, still shown while it fades out.
    public var isGone: Bool { lastSeen != nil }

    /// The rate a box shows and where it comes from: `ownRate`, else the primary traffic.
    public var displayRate: SourcedRate {
        if let r = ownRate { return r }
        let t = primaryTraffic
        return SourcedRate(rate: t.rate, failedRate: t.failedRate, source: .serviceGraph)
    }

    /// The traffic a node's box summarises: what comes in, or for a node with no incoming
    /// edges (Envoy under SuperSONIC's span kinds, `user`), what goes out.
    public var primaryTraffic: TrafficStats { incoming.rate > 0 ? incoming : outgoing }
}

/// An edge on the map.
public struct MapEdge: Equatable, Sendable, Identifiable {
    public var key: EdgeKey
    public var connectionType: ConnectionType
    public var rateSource: RateSource
    public var traffic: TrafficStats
    /// Latency of the client spans (0-length for `user` edges, which have none).
    public var clientLatency: LatencyStats
    /// Orphan requests seen on this edge in fetched traces.
    public var orphanCount: Int
    /// The true rate estimated from a declared sampling rate (`rate / p`); nil without
    /// one, and never for orphans, which Triton traces whether or not they were sampled.
    public var estimatedRate: Double?
    /// Per-hop phases of the fetched requests behind this edge.
    public var phases: PhaseStats
    /// Data time the edge was last seen, once it has vanished and is fading out; nil while present.
    public var lastSeen: Double?
    /// Exact server-side quantiles over the fetched requests behind this edge.
    public var traceLatency: TraceLatency?
    /// Why an orphan edge exists; nil for other edges.
    public var orphanEvidence: OrphanEvidence?

    public init(
        key: EdgeKey, connectionType: ConnectionType, rateSource: RateSource, traffic: TrafficStats, clientLatency: LatencyStats,
        orphanCount: Int = 0, estimatedRate: Double? = nil, phases: PhaseStats = PhaseStats(), lastSeen: Double? = nil,
        traceLatency: TraceLatency? = nil, orphanEvidence: OrphanEvidence? = nil
    ) {
        self.traceLatency = traceLatency
        self.orphanEvidence = orphanEvidence
        self.lastSeen = lastSeen
        self.estimatedRate = estimatedRate
        self.phases = phases
        self.key = key
        self.connectionType = connectionType
        self.rateSource = rateSource
        self.traffic = traffic
        self.clientLatency = clientLatency
        self.orphanCount = orphanCount
    }

    public var id: EdgeKey { key }
    public var isOrphanEdge: Bool { rateSource == .orphans }
    /// Vanished from the data, still shown while it fades out.
    public var isGone: Bool { lastSeen != nil }
}

/// The whole map for one refresh: nodes and edges sorted by id.
public struct ServiceMap: Equatable, Sendable {
    public let nodes: [MapNode]
    public let edges: [MapEdge]
    public var grouping: Grouping
    /// Groups collapsed or expanded on top of the grouping.
    public var folds: GroupFolds
    /// Unix seconds the data describes.
    public var time: Double
    public var windowSeconds: Double

    /// Edges and nodes by key, built once with the map.
    public let edgesByKey: [EdgeKey: MapEdge]
    private let nodeIndex: [String: Int]

    public init(nodes: [MapNode], edges: [MapEdge], grouping: Grouping, folds: GroupFolds = GroupFolds(), time: Double, windowSeconds: Double) {
        self.folds = folds
        self.nodes = nodes
        self.edges = edges
        edgesByKey = Dictionary(edges.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        nodeIndex = Dictionary(nodes.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        self.grouping = grouping
        self.time = time
        self.windowSeconds = windowSeconds
    }

    public static let empty = ServiceMap(nodes: [], edges: [], grouping: .pod, time: 0, windowSeconds: 300)

    public func node(_ id: String) -> MapNode? { nodeIndex[id].map { nodes[$0] } }
    public func edge(_ key: EdgeKey) -> MapEdge? { edgesByKey[key] }

    /// A key that changes only when nodes or edges appear or vanish, never when numbers do:
    /// layouts are cached on it so that nodes stay put between refreshes.
    public var topology: MapTopology {
        var classes: [String: String] = [:]
        for n in nodes { classes[n.id] = n.isVirtual ? "virtual:" + n.id : n.role.rawValue }
        return MapTopology(nodes: nodes.map(\.id), edges: edges.map(\.key), classes: classes)
    }
}

/// Node ids and edges only; the input to layout.
public struct MapTopology: Hashable, Sendable {
    public var nodes: [String]
    public var edges: [EdgeKey]
    /// Nodes of different classes never share a bus, even with the same targets
    /// (the `unsampled` node's orphan edges are not Envoy's).
    public var classes: [String: String]

    public init(nodes: [String], edges: [EdgeKey], classes: [String: String] = [:]) {
        self.nodes = nodes
        self.edges = edges
        self.classes = classes
    }
}
