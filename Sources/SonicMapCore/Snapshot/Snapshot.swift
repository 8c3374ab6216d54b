/// Everything on screen at one moment, as a value that can be written to a file, shared
/// and opened again (`export --format json`, `replay`). It follows DESIGN.md's snapshot
/// contract (`schemaVersion: 1`); fields beyond the contract (buckets, pod metrics, phase
/// counts, history times) let a replay show every number the live map showed.
public struct Snapshot: Equatable, Sendable {
    /// The snapshot schema this build writes and the newest it reads.
    public static let schemaVersion = 1

    public var meta: SnapshotMeta
    public var nodes: [SnapshotNode]
    public var edges: [SnapshotEdge]
    public var history: SnapshotHistory
    public var layout: SnapshotLayout
    /// The traces that were opened (or fetched) when the snapshot was taken.
    public var traces: [Trace]

    public init(meta: SnapshotMeta, nodes: [SnapshotNode], edges: [SnapshotEdge], history: SnapshotHistory, layout: SnapshotLayout, traces: [Trace] = []) {
        self.meta = meta
        self.nodes = nodes
        self.edges = edges
        self.history = history
        self.layout = layout
        self.traces = traces
    }
}

/// Where and when a snapshot was taken, and with which settings.
public struct SnapshotMeta: Equatable, Sendable {
    public var sonicmapVersion: String
    /// RFC 3339 UTC, to the second.
    public var createdAt: String
    /// Unix seconds the data describes (the demo's simulated time, or the refresh time).
    public var dataTime: Double
    /// The window and refresh interval as the user writes them (`5m`, `5s`).
    public var window: String
    public var refresh: String
    public var sources: SnapshotSources
    public var sampling: SnapshotSampling
    public var grouping: Grouping
    /// Sources that failed or answered in part when the data was taken (a Prometheus whose
    /// every query failed, traces that could not be fetched): the snapshot is incomplete
    /// in those ways. Sanitised text.
    public var warnings: [String]

    public init(
        sonicmapVersion: String, createdAt: String, dataTime: Double, window: String, refresh: String, sources: SnapshotSources,
        sampling: SnapshotSampling, grouping: Grouping, warnings: [String] = []
    ) {
        self.sonicmapVersion = sonicmapVersion
        self.createdAt = createdAt
        self.dataTime = dataTime
        self.window = window
        self.refresh = refresh
        self.sources = sources
        self.sampling = sampling
        self.grouping = grouping
        self.warnings = warnings.map(SafeText.clean)
    }
}

/// The sources the data came from. URLs never carry credentials (see `CredentialFreeURL`).
public struct SnapshotSources: Equatable, Sendable {
    public var tempo: String?
    public var prometheus: String?
    public var demo: SnapshotDemoSource?

    public init(tempo: String? = nil, prometheus: String? = nil, demo: SnapshotDemoSource? = nil) {
        self.tempo = tempo.map(CredentialFreeURL.clean)
        self.prometheus = prometheus.map(CredentialFreeURL.clean)
        self.demo = demo
    }
}

/// The simulator's options, enough to produce the same data again.
public struct SnapshotDemoSource: Equatable, Sendable {
    public var seed: UInt64
    public var rate: Double
    public var envoySampling: Double
    public var envoySpans: String
    /// Simulated seconds since the start.
    public var at: Double
    /// Unix seconds of the simulation's start, so `at` follows the data's time.
    public var epoch: Double

    public init(seed: UInt64, rate: Double, envoySampling: Double, envoySpans: String, at: Double = 0, epoch: Double) {
        self.seed = seed
        self.rate = rate
        self.envoySampling = envoySampling
        self.envoySpans = envoySpans
        self.at = at
        self.epoch = epoch
    }
}

/// Which rates are on screen: sampled span rates, estimates from a declared sampling rate,
/// or Triton's span metrics, which see every request.
public struct SnapshotSampling: Equatable, Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case sampled, declared, spanmetrics
    }

    public var mode: Mode
    /// The declared sampling rate, for `declared`.
    public var rate: Double?
    /// Every request is sampled (declared 1, or measured): the sampled rates are complete.
    public var complete: Bool

    public init(mode: Mode, rate: Double? = nil, complete: Bool = false) {
        self.mode = mode
        self.rate = rate
        self.complete = complete
    }
}
