import Foundation
import SonicMapCore
import SonicMapSources
import SonicMapTerminal
import SonicMapUI

/// Wires a source, the poller, the app and the terminal together for the interactive view.
enum InteractiveRunner {
    static func run(source: MapSource, display: DisplayFlags) throws {
        let env = ProcessInfo.processInfo.environment
        if let problem = TerminalCheck.problem(environment: env) { throw CommandFailure.usage(problem) }
        let signals: SignalTrap
        let wake: WakePipe
        do {
            signals = try SignalTrap.install()
            wake = try WakePipe()
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        let utf8 = TerminalLocale.activate()
        let settings = display.settings(utf8: utf8, frozenClock: false)
        let poller = Poller(
            source: source,
            settings: .init(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds),
            wake: { wake.signal() })
        let (themes, themeWarnings) = display.loadThemes()
        var state = AppState(settings: settings, sourceSummary: source.summary)
        state.message = themeWarnings.first
        let app = AppController(
            state: state,
            themes: themes,
            drain: { poller.drain() },
            perform: { command in
                switch command {
                case .refreshNow: poller.refreshNow()
                case .setWindow(let s): poller.setWindow(s)
                case .setRefresh(let s): poller.setRefresh(s)
                case .setPaused(let p): poller.setPaused(p)
                case .quit: break
                }
            },
            clock: { Date().timeIntervalSince1970 })
        poller.start()
        defer { poller.stop() }
        let code: Int32
        do {
            code = try TerminalSession(signals: signals, environment: env).run(app: app, wake: wake, mouse: settings.mouse)
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        if code != 0 { throw ExitCodeFailure(code: code) }
    }
}

extension InteractiveRunner {
    /// The timeline view of one trace, on its own (`sonicmap trace` on a terminal).
    static func runTimeline(trace: Trace, ascii: Bool) throws {
        let env = ProcessInfo.processInfo.environment
        if let problem = TerminalCheck.problem(environment: env, hint: "Use --format text|json|otlp to print the trace.") {
            throw CommandFailure.usage(problem)
        }
        let signals: SignalTrap
        let wake: WakePipe
        do {
            signals = try SignalTrap.install()
            wake = try WakePipe()
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        let utf8 = TerminalLocale.activate()
        var state = AppState(settings: Settings(glyphs: ascii || !utf8 ? .ascii : .unicode, frozenClock: true), sourceSummary: trace.traceID.hex)
        state.status.fixedBadge = "TRACE"
        state.timeline = TimelineState(trace: trace)
        state.mode = .timeline
        let app = AppController(state: state, themes: ["default": .builtinDefault], drain: { [] }, perform: { _ in }, clock: { 0 })
        let code: Int32
        do {
            code = try TerminalSession(signals: signals, environment: env).run(app: app, wake: wake, mouse: true)
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        if code != 0 { throw ExitCodeFailure(code: code) }
    }
}

/// Leaves with the exit status the terminal session chose (128 + signal, …).
struct ExitCodeFailure: Error {
    var code: Int32
}
