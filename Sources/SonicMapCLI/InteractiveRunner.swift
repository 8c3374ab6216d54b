import Foundation
import SonicMapCore
import SonicMapExport
import SonicMapSources
import SonicMapTerminal
import SonicMapUI

/// Wires a source, the poller, the app and the terminal together for the interactive view.
enum InteractiveRunner {
    /// What every interactive view needs before curses starts: the terminal checked, the
    /// signal handlers installed (before the poller thread and `newterm`), the wake-up
    /// pipe and the locale.
    struct Terminal {
        let environment: [String: String]
        let signals: SignalTrap
        let wake: WakePipe
        let utf8: Bool

        init(hint: String = TerminalCheck.plainTextHint) throws {
            environment = ProcessInfo.processInfo.environment
            if let problem = TerminalCheck.problem(environment: environment, hint: hint) { throw CommandFailure.usage(problem) }
            do {
                signals = try SignalTrap.install()
                wake = try WakePipe()
            } catch {
                throw CommandFailure.usage(String(describing: error))
            }
            utf8 = TerminalLocale.activate()
        }

        /// Runs the app until it quits; leaves with its exit status (128 + signal, …).
        /// However it quits, an export still being written gets a moment to finish and is
        /// otherwise abandoned without leaving a temporary file, and said so on stderr.
        func run(_ app: AppController, mouse: Bool, exports: ExportWorker) throws {
            defer {
                for path in exports.finish() {
                    StandardError.write("sonicmap: \(ExportFile.Failure.cancelled(SafeText.clean(path)))\n")
                }
            }
            let code: Int32
            do {
                code = try TerminalSession(signals: signals, environment: environment).run(app: app, wake: wake, mouse: mouse)
            } catch {
                throw CommandFailure.usage(String(describing: error))
            }
            if code != 0 { throw ExitCodeFailure(code: code) }
        }
    }

    /// The live map of a source; with `at` (Unix seconds), as of that time.
    static func run(source: MapSource, display: DisplayFlags, sources: SnapshotSources, config: EffectiveConfig? = nil, at: Double? = nil) throws {
        let terminal = try Terminal()
        var settings = display.settings(utf8: terminal.utf8, frozenClock: false, config: config)
        settings.sources = sources
        settings.at = at
        let poller = Poller(
            source: source,
            settings: .init(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds, at: at),
            wake: { terminal.wake.signal() })
        let (themes, themeWarnings) = display.loadThemes()
        let exports = ExportWorker(themes: themes, wake: { terminal.wake.signal() })
        let perform: (AppCommand) -> Void = { command in
            switch command {
            case .refreshNow: poller.refreshNow()
            case .setWindow(let s): poller.setWindow(s)
            case .setRefresh(let s): poller.setRefresh(s)
            case .setPaused(let p): poller.setPaused(p)
            case .lookAt(let t): poller.setAt(t)
            case .fetchBaseline(let at, let window, let id): poller.fetchBaseline(at: at, windowSeconds: window, id: id)
            case .fetchTraffic(let request, let id): poller.fetchTraffic(request, id: id)
            case .searchTraces(let request, let id): poller.search(request, id: id)
            case .fetchTrace(let traceID, let id): poller.fetchTrace(traceID, id: id)
            case .export(let job): exports.submit(job)
            case .copy(let text): OSC52.copy(text)
            case .quit: break
            }
        }
        var state = AppState(settings: settings, sourceSummary: source.summary)
        state.chrome.message = themeWarnings.first
        _ = state.update(.tick(now: Date().timeIntervalSince1970))
        state.begin().forEach(perform)
        let app = AppController(
            state: state, themes: themes, drain: { poller.drain().map(event) + exports.drain() }, perform: perform,
            clock: { Date().timeIntervalSince1970 })
        poller.start()
        defer { poller.stop() }
        try terminal.run(app, mouse: settings.mouse, exports: exports)
    }

    /// What the poller posted, as the event the app takes it in by.
    static func event(_ message: PollerMessage) -> AppEvent {
        switch message {
        case .refreshed(let outcome): .refreshed(outcome)
        case .tracesFound(let outcome): .tracesFound(outcome)
        case .traceFetched(let outcome): .traceFetched(outcome)
        case .baselineFetched(let outcome): .baselineFetched(outcome)
        case .trafficFetched(let outcome): .trafficFetched(outcome)
        }
    }

    /// A snapshot, with no network (`sonicmap replay`).
    static func replay(_ snapshot: Snapshot, display: DisplayFlags) throws {
        let terminal = try Terminal()
        let settings = display.settings(utf8: terminal.utf8, frozenClock: true)
        let (themes, themeWarnings) = display.loadThemes()
        var state = AppState.replaying(snapshot, settings: settings)
        state.chrome.message = themeWarnings.first
        try runStatic(state, themes: themes, terminal: terminal)
    }

    /// The timeline view of one trace, on its own (`sonicmap trace` on a terminal); `o`
    /// links to `grafana` when the config names one.
    static func runTimeline(trace: Trace, ascii: Bool, grafana: GrafanaLink?) throws {
        let terminal = try Terminal(hint: "Use --format text|json|otlp to print the trace.")
        var settings = Settings(glyphs: ascii || !terminal.utf8 ? .ascii : .unicode, frozenClock: true)
        settings.grafana = grafana
        var state = AppState(settings: settings, sourceSummary: trace.traceID.hex)
        state.status.fixedBadge = "TRACE"
        state.settings.offlineReason = "this view shows one trace"
        state.openTimeline(trace)
        state.backStack = []
        try runStatic(state, themes: ["default": .builtinDefault], terminal: terminal)
    }

    /// The requests of a file's traces, newest first; Enter opens one's timeline
    /// (`sonicmap trace --file` on a terminal, for a file holding several).
    static func runTraceList(_ traces: [Trace], file: String, ascii: Bool, grafana: GrafanaLink?) throws {
        let terminal = try Terminal(hint: "Use --format text|json|otlp with a trace id to print one trace.")
        var settings = Settings(glyphs: ascii || !terminal.utf8 ? .ascii : .unicode, frozenClock: true)
        settings.grafana = grafana
        let origin = "\(TraceCommand.count(traces.count)) in \(SafeText.clean(file))"
        try runStatic(AppState.listing(traces, origin: origin, settings: settings), themes: ["default": .builtinDefault], terminal: terminal)
    }

    /// An app with no poller: only keys and finished exports change it.
    private static func runStatic(_ state: AppState, themes: [String: Theme], terminal: Terminal) throws {
        let exports = ExportWorker(themes: themes, wake: { terminal.wake.signal() })
        let app = AppController(
            state: state, themes: themes, drain: { exports.drain() },
            perform: { command in
                switch command {
                case .export(let job): exports.submit(job)
                case .copy(let text): OSC52.copy(text)
                default: break
                }
            },
            clock: { Date().timeIntervalSince1970 })
        try terminal.run(app, mouse: state.settings.mouse, exports: exports)
    }
}

/// Leaves with the exit status the terminal session chose (128 + signal, …).
struct ExitCodeFailure: Error {
    var code: Int32
}
