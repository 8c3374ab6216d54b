import SonicMapCore

/// Runs `AppState` inside a backend's event loop: feeds it events, performs the
/// commands it returns through closures, and renders it.
public final class AppController: InteractiveApp {
    public private(set) var state: AppState
    /// Themes `:theme` can switch to, loaded before the loop starts (no file I/O on the UI thread).
    private let themes: [String: Theme]
    private let drain: () -> [AppEvent]
    private let perform: (AppCommand) -> Void
    private let clock: () -> Double
    /// The last full frame, and whether only the status line changed since (a clock tick),
    /// so an idle screen costs a status-line redraw once a second and nothing more.
    private var lastFrame: Canvas?
    private var onlyStatusChanged = false

    /// - Parameters:
    ///   - drain: returns the events waiting in mailboxes: refresh results, searches and fetches, finished exports.
    ///   - perform: carries out commands other than quitting (talks to the poller).
    ///   - clock: wall-clock seconds.
    public init(state: AppState, themes: [String: Theme], drain: @escaping () -> [AppEvent], perform: @escaping (AppCommand) -> Void, clock: @escaping () -> Double) {
        self.state = state
        self.themes = themes
        self.state.settings.availableThemes = themes.keys.sorted()
        self.drain = drain
        self.perform = perform
        self.clock = clock
        self.state.now = clock()
    }

    private func send(_ event: AppEvent) -> LoopControl {
        if case .tick = event {} else { onlyStatusChanged = false }
        var control = LoopControl.keepRunning
        for command in state.update(event) {
            if case .quit(let code) = command { control = .quit(exitCode: code) } else { perform(command) }
        }
        return control
    }

    public func handle(key: Key) -> LoopControl {
        _ = send(.tick(now: clock()))
        return send(.key(key))
    }

    public func handle(mouse: MouseEvent) -> LoopControl { send(.mouse(mouse)) }

    public func resized(width: Int, height: Int) { _ = send(.resize(width: width, height: height)) }

    public func woke() -> Bool {
        let events = drain()
        _ = send(.tick(now: clock()))
        for e in events { _ = send(e) }
        return !events.isEmpty
    }

    public func tick() -> Bool {
        let before = state.dataAge.map { Formatting.age(seconds: $0) }
        let wasStale = state.isStale
        _ = send(.tick(now: clock()))
        let changed = before != state.dataAge.map { Formatting.age(seconds: $0) } || wasStale != state.isStale
        if changed, wasStale == state.isStale { onlyStatusChanged = true }
        return changed
    }

    /// Once a second while an age is on screen; otherwise sleep until input or data.
    public var secondsUntilTick: Double? {
        guard let age = state.dataAge, !state.settings.frozenClock else { return nil }
        return 1 - age.truncatingRemainder(dividingBy: 1) + 0.01
    }

    public var theme: Theme { themes[state.settings.themeName] ?? .builtinDefault }

    public func render(width: Int, height: Int) -> Canvas {
        if width != state.screen.width || height != state.screen.height {
            _ = send(.resize(width: width, height: height))
            onlyStatusChanged = false
        }
        defer { onlyStatusChanged = false }
        if onlyStatusChanged, var frame = lastFrame, frame.width == width, frame.height == height, !state.chrome.showHelp {
            ChromeView.renderStatus(state, into: &frame)
            lastFrame = frame
            return frame
        }
        let frame = state.render()
        lastFrame = frame
        return frame
    }
}
