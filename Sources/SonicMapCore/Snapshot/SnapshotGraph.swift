/// A map node in a snapshot.
public struct SnapshotNode: Equatable, Sendable {
    public var id: String
    public var label: String
    public var role: NodeRole
    /// The group the node belongs to under the snapshot's grouping (its deployment in pod grouping).
    public var group: String
    /// The services merged into this node.
    public var members: [String]
    /// Grafana's node stats: every edge into the node, summed.
    public var incoming: SnapshotTraffic
    /// Every edge out of the node, summed.
    public var outgoing: SnapshotTraffic
    public var spanMetricsRate: Double?
    public var triton: TritonPodMetrics?
    public var envoy: EnvoyPodMetrics?
    public var phases: SnapshotPhases
    /// The node's own rate and errors with their source (`ownRate`).
    public var ownRate: SourcedRate?
    /// Exact quantiles over the fetched spans (`traceLatencyMs`), in milliseconds.
    public var traceLatency: TraceLatency?

    public init(
        id: String, label: String, role: NodeRole, group: String, members: [String], incoming: SnapshotTraffic, outgoing: SnapshotTraffic,
        spanMetricsRate: Double? = nil, triton: TritonPodMetrics? = nil, envoy: EnvoyPodMetrics? = nil, phases: SnapshotPhases = SnapshotPhases(),
        ownRate: SourcedRate? = nil, traceLatency: TraceLatency? = nil
    ) {
        self.ownRate = ownRate
        self.traceLatency = traceLatency
        self.id = id
        self.label = label
        self.role = role
        self.group = group
        self.members = members
        self.incoming = incoming
        self.outgoing = outgoing
        self.spanMetricsRate = spanMetricsRate
        self.triton = triton
        self.envoy = envoy
        self.phases = phases
    }
}

/// A map edge in a snapshot.
public struct SnapshotEdge: Equatable, Sendable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType
    /// Requests per second as counted (sampled when spans are sampled).
    public var rate: Double
    /// The true rate estimated from a declared sampling rate, or nil.
    public var rateEstimated: Double?
    public var rateSource: RateSource
    public var errorRatio: Double?
    public var serverLatency: SnapshotLatency
    public var clientLatency: SnapshotLatency
    public var phases: SnapshotPhases
    public var orphans: Int
    /// Exact server-side quantiles over the fetched requests (`traceLatencyMs`), in milliseconds.
    public var traceLatency: TraceLatency?
    /// Why an orphan edge exists.
    public var orphanEvidence: OrphanEvidence?

    public init(
        client: String, server: String, connectionType: ConnectionType, rate: Double, rateEstimated: Double?, rateSource: RateSource,
        errorRatio: Double?, serverLatency: SnapshotLatency, clientLatency: SnapshotLatency, phases: SnapshotPhases = SnapshotPhases(), orphans: Int = 0,
        traceLatency: TraceLatency? = nil, orphanEvidence: OrphanEvidence? = nil
    ) {
        self.traceLatency = traceLatency
        self.orphanEvidence = orphanEvidence
        self.client = client
        self.server = server
        self.connectionType = connectionType
        self.rate = rate
        self.rateEstimated = rateEstimated
        self.rateSource = rateSource
        self.errorRatio = errorRatio
        self.serverLatency = serverLatency
        self.clientLatency = clientLatency
        self.phases = phases
        self.orphans = orphans
    }

    public var key: EdgeKey { EdgeKey(client: client, server: server) }
}

/// Rate, errors and latency of one side of a node.
public struct SnapshotTraffic: Equatable, Sendable {
    public var rate: Double
    public var errorRatio: Double?
    public var latency: SnapshotLatency

    public init(rate: Double, errorRatio: Double?, latency: SnapshotLatency) {
        self.rate = rate
        self.errorRatio = errorRatio
        self.latency = latency
    }
}

/// Quantiles and average in milliseconds. A quantile in the first or last bucket is that
/// bucket's bound, flagged in `bounds`; an unknown one is nil.
public struct SnapshotLatency: Equatable, Sendable {
    public var p50: Double?
    public var p95: Double?
    public var p99: Double?
    public var avg: Double?
    /// `"p50": .below` when the p50 is only known to be below its value.
    public var bounds: [String: QuantileEstimate.Bound]
    /// The bucket rates the quantiles came from (seconds, as Prometheus labels them).
    public var buckets: Histogram?
    /// `native`, `classic` or `traces`.
    public var source: LatencySource
    /// Which span's duration: server, client, or Envoy's own timer.
    public var side: LatencySide
    /// The metric set it was read from.
    public var origin: RateSource
    /// For classic quantiles: `[lo, hi]` ms of the bucket each fell in (`"p95"` → range);
    /// `hi` is infinite (written `null`) for the `+Inf` bucket.
    public var ranges: [String: BucketRange]

    public init(
        p50: Double? = nil, p95: Double? = nil, p99: Double? = nil, avg: Double? = nil, bounds: [String: QuantileEstimate.Bound] = [:], buckets: Histogram? = nil,
        source: LatencySource = .classic, side: LatencySide = .server, origin: RateSource = .serviceGraph, ranges: [String: BucketRange] = [:]
    ) {
        self.source = source
        self.side = side
        self.origin = origin
        self.ranges = ranges
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.avg = avg
        self.bounds = bounds
        self.buckets = buckets
    }

    public static let unknown = SnapshotLatency()
}

/// p50 and p95 of each per-hop phase, in milliseconds, over the requests fetched.
public struct SnapshotPhases: Equatable, Sendable {
    /// Milliseconds (where `PhaseStats` holds seconds).
    public var phases: [Phase: PhaseStats.Quantiles]
    public var requests: Int
    /// `network` includes Envoy's own time (no egress span).
    public var networkIncludesProxy: Bool

    public init(phases: [Phase: PhaseStats.Quantiles] = [:], requests: Int = 0, networkIncludesProxy: Bool = false) {
        self.phases = phases
        self.requests = requests
        self.networkIncludesProxy = networkIncludesProxy
    }
}

/// Rate, error ratio and p95 over the window, one point per refresh, for sparklines.
public struct SnapshotHistory: Equatable, Sendable {
    public struct Series: Equatable, Sendable {
        /// Unix seconds of each point.
        public var time: [Double]
        public var rate: [Double]
        public var errorRatio: [Double?]
        public var p95Ms: [Double?]

        public init(time: [Double] = [], rate: [Double] = [], errorRatio: [Double?] = [], p95Ms: [Double?] = []) {
            self.time = time
            self.rate = rate
            self.errorRatio = errorRatio
            self.p95Ms = p95Ms
        }
    }

    public var stepSeconds: Double
    /// Points kept per ring.
    public var capacity: Int
    public var nodes: [String: Series]
    public var edges: [EdgeKey: Series]

    public init(stepSeconds: Double, capacity: Int, nodes: [String: Series] = [:], edges: [EdgeKey: Series] = [:]) {
        self.stepSeconds = stepSeconds
        self.capacity = capacity
        self.nodes = nodes
        self.edges = edges
    }
}

/// Where each node's box sat on the map, in terminal cells.
public struct SnapshotLayout: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var nodes: [String: Rect]

    public init(width: Int, height: Int, nodes: [String: Rect]) {
        self.width = width
        self.height = height
        self.nodes = nodes
    }
}
