import SonicMapCore

/// Which view is on screen.
public enum ViewMode: Equatable, Sendable {
    case map
    case table
    case traces
    case timeline
}

/// What the labels on the map's edges show (`m` cycles, like Kiali's edge labels).
public enum EdgeLabelMode: String, CaseIterable, Sendable {
    case rate, errors, p50, p95, p99, gap

    public var next: EdgeLabelMode {
        let all = EdgeLabelMode.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The label for the edges of one branch (several when a bus merges them).
    public func label(_ edges: [MapEdge]) -> String? {
        guard !edges.isEmpty else { return nil }
        var acc = TrafficAccumulatorView()
        for e in edges { acc.add(e) }
        switch self {
        case .rate:
            guard acc.rate > 0 else { return nil }
            return acc.estimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(acc.rate)
        case .errors: return acc.rate > 0 ? Formatting.percent(acc.failed / acc.rate) : nil
        case .p50, .p95, .p99:
            let q = self == .p50 ? 0.5 : self == .p95 ? 0.95 : 0.99
            func pick(_ l: LatencyStats) -> QuantileEstimate { self == .p50 ? l.p50 : self == .p95 ? l.p95 : l.p99 }
            if edges.count == 1 { return pick(edges[0].traffic.latency).isKnown ? Formatting.quantile(pick(edges[0].traffic.latency)) : nil }
            // A merged branch: its edges' histograms added bucket by bucket, when all have
            // one of the same kind; otherwise the worst edge's, labelled as such.
            let latencies = edges.map(\.traffic.latency)
            if let first = latencies.first, latencies.allSatisfy({ $0.histogram != nil && $0.source == first.source }) {
                let merged = latencies.dropFirst().reduce(first.histogram!) { $0 + $1.histogram! }
                let stats = LatencyStats(histogram: merged, sumRate: nil, countRate: merged.count, source: first.source)
                let v = q == 0.5 ? stats.p50 : q == 0.95 ? stats.p95 : stats.p99
                return v.isKnown ? Formatting.quantile(v) : nil
            }
            let qs = latencies.map(pick).filter(\.isKnown)
            return qs.max { $0.healthValue < $1.healthValue }.map { "max " + Formatting.quantile($0) }
        case .gap:
            // Client minus server average: time between the two spans (network, proxies, queues).
            let gaps = edges.compactMap { e -> Double? in
                guard let c = e.clientLatency.averageSeconds, let s = e.traffic.latency.averageSeconds, e.key.client != ServiceGraphPairing.userNode else { return nil }
                return c - s
            }
            return gaps.max().map { ($0 < 0 ? "-" : "+") + Formatting.duration(seconds: abs($0)) }
        }
    }
}

/// Sums of a branch's edges for its label.
struct TrafficAccumulatorView {
    var rate = 0.0
    var failed = 0.0
    var estimated: Double? = 0

    mutating func add(_ e: MapEdge) {
        rate += e.traffic.rate
        failed += e.traffic.failedRate
        if let est = e.estimatedRate, let sum = estimated { estimated = sum + est } else { estimated = nil }
    }
}

/// What is selected on the map.
public enum Selection: Equatable, Hashable, Sendable {
    case node(String)
    case edge(EdgeKey)
}

/// Health of the data on screen.
public struct DataStatus: Equatable, Sendable {
    /// A short description of the source for the status line.
    public var sourceSummary: String
    /// Wall seconds when the data on screen arrived, nil before the first refresh.
    public var receivedAt: Double?
    /// Unix seconds the data describes.
    public var dataTime: Double?
    /// A fixed badge instead of LIVE/STALE, for data that does not refresh (`TRACE`, `REPLAY`).
    public var fixedBadge: String?
    /// Why the last refresh failed; the data on screen is then stale.
    public var lastError: SourceFailure?
    public var warnings: [String]

    public init(sourceSummary: String) {
        self.sourceSummary = sourceSummary
        warnings = []
    }
}

/// The settings the user can change while running.
public struct Settings: Equatable, Sendable {
    public var windowSeconds: Double
    public var refreshSeconds: Double
    public var grouping: Grouping
    /// Groups collapsed or expanded with `-`/`+` on top of the grouping; kept across
    /// refreshes, started afresh when the grouping changes.
    public var folds = GroupFolds()
    /// The sampling rate the user declared (`--sampling-rate`), for estimated true rates.
    public var declaredSamplingRate: Double?
    public var glyphs: Glyphs
    public var mouse: Bool
    public var paused: Bool
    /// `--once` and snapshots show data age in simulated/recorded time instead of the wall clock.
    public var frozenClock: Bool
    /// The theme in use, and those `:theme` can switch to.
    public var themeName: String = "default"
    public var availableThemes: [String] = ["default"]
    /// Where nodes and edges turn to warning and critical.
    public var health: HealthThresholds
    /// Where the data comes from, as a snapshot records it (URLs without credentials).
    public var sources = SnapshotSources()
    /// Why actions that need the network cannot run (a replay), or nil when they can.
    public var offlineReason: String?

    public init(
        windowSeconds: Double = 300, refreshSeconds: Double = 5, grouping: Grouping = .pod, declaredSamplingRate: Double? = nil,
        glyphs: Glyphs = .unicode, mouse: Bool = true, paused: Bool = false, frozenClock: Bool = false, themeName: String = "default",
        health: HealthThresholds = .standard
    ) {
        self.health = health
        self.themeName = themeName
        self.windowSeconds = windowSeconds
        self.refreshSeconds = refreshSeconds
        self.grouping = grouping
        self.declaredSamplingRate = declaredSamplingRate
        self.glyphs = glyphs
        self.mouse = mouse
        self.paused = paused
        self.frozenClock = frozenClock
    }
}

/// The whole UI state. Derived parts (the map, its layout) are recomputed in `update`
/// whenever their inputs change, so `render` stays a pure, cheap function.
public struct AppState: Equatable, Sendable {
    public var settings: Settings
    public var status: DataStatus
    /// The last good data, kept while later refreshes fail.
    public var data: RefreshData?
    public var map: ServiceMap = .empty
    /// Keeps vanished nodes and edges on the map, muted, for the window.
    public var fadeOut = FadeOut()
    /// Rate, errors and p95 per node and edge over the window, for sparklines.
    public var history: History
    public var layout: MapLayout = .empty
    public var layoutOptions = LayoutOptions()
    public var selection: Selection?
    public var showHelp = false
    public var edgeLabels: EdgeLabelMode = .rate
    public var mode: ViewMode = .map
    /// Where Esc goes back to.
    public var backStack: [ViewMode] = []
    public var table = TableState()
    public var traces: TracesState?
    public var timeline: TimelineState?
    /// The `/` or `:` line being edited, if any.
    public var input: TextInput?
    /// Earlier `:` commands, oldest first, for ↑.
    public var commandHistory: [String] = []
    /// A one-off message for the status line (result of a command), cleared by the next key.
    public var message: String?
    /// A trace being fetched to open its timeline (`:trace`, a request not held yet).
    public var pendingTrace: PendingTrace?
    /// The number of the last search or fetch asked for; answers carry it back.
    public var lastRequestID = 0
    /// Map scroll offset in cells.
    public var pan = Point(x: 0, y: 0)
    public var width = 80
    public var height = 24
    /// Wall seconds now, from the last tick.
    public var now: Double = 0
    /// Traces opened in the timeline, newest last, kept for snapshots (at most `maxOpenedTraces`).
    public var openedTraces: [Trace] = []
    /// An export waiting for the user to confirm overwriting its file.
    public var pendingExport: ExportJob?

    public static let maxOpenedTraces = 20

    public init(settings: Settings, sourceSummary: String) {
        self.settings = settings
        status = DataStatus(sourceSummary: sourceSummary)
        history = History(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds)
    }

    /// Seconds since the data on screen was produced.
    public var dataAge: Double? {
        guard let received = status.receivedAt else { return nil }
        return settings.frozenClock ? 0 : max(0, now - received)
    }

    /// The data is older than two refreshes, or the last refresh failed.
    public var isStale: Bool {
        if status.lastError != nil { return true }
        guard let age = dataAge else { return false }
        return age > 2 * settings.refreshSeconds + 5
    }
}
