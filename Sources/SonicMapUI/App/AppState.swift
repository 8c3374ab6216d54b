import SonicMapCore

/// Which view is on screen.
public enum ViewMode: Equatable, Sendable {
    case map
    case table
    case traces
    case timeline
}

/// What is selected on the map.
public enum Selection: Equatable, Hashable, Sendable {
    case node(String)
    case edge(EdgeKey)
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
}
