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
    /// The moment the map shows (Unix seconds, the end of its window) while looking back
    /// with `:at` or `<`; nil for now, refreshed on the cadence.
    public var at: Double?
    /// Where `o` links to (`grafana:` in the config), or nil when none is configured.
    public var grafana: GrafanaLink?

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

/// The whole UI state: what the views share, and each view's own state. `update` routes
/// a key to the model of the view on screen (`MapViewState`, `TableState`, `TracesState`,
/// `TimelineState`), which answers with `ViewEffect`s for what only the app can do.
/// Derived parts (the map, its layout) are recomputed in `update` whenever their inputs
/// change, so `render` stays a pure, cheap function.
public struct AppState: Equatable, Sendable {
    /// What the user chose, at start and while running.
    public var settings: Settings
    /// Health of the data on screen, for the status line.
    public var status: DataStatus
    /// What refreshes brought and the app keeps: the last good data, the history of every
    /// figure, vanished nodes still shown, the traces opened so far.
    public var feed: DataFeed
    /// The service map built from the feed with the settings: what every view reads.
    public var map: ServiceMap = .empty
    /// Where the parts of the screen go, for the terminal's size.
    public var screen = ScreenLayout(width: 80, height: 24)
    /// Wall seconds now, from the last tick.
    public var now: Double = 0
    /// The view on screen.
    public var mode: ViewMode = .map
    /// Where Esc goes back to.
    public var backStack: [ViewMode] = []
    /// The map's selection, layout, scroll and edge labels.
    public var mapView = MapViewState()
    /// The table's rows, sort, filter and cursor.
    public var table = TableState()
    /// The requests behind a selection, or of every trace at hand.
    public var traces: TracesState?
    /// The trace whose timeline is open, and the span details over it.
    public var timeline: TimelineState?
    /// The status line's input or message, and the help overlay.
    public var chrome = ChromeState()
    /// The number of the last search or fetch asked for; answers carry it back.
    public var lastRequestID = 0
    /// A trace being fetched to open its timeline (`:trace`, a request not held yet).
    public var pendingTrace: PendingTrace?

    public init(settings: Settings, sourceSummary: String) {
        self.settings = settings
        status = DataStatus(sourceSummary: sourceSummary)
        feed = DataFeed(settings: settings)
    }
}
