import CNcursesw
import Foundation
import SonicMapUI

/// Owns the terminal while the interactive view runs: sets curses up, runs the
/// event loop and always restores the terminal afterwards.
///
/// Wiring, in order: `TerminalCheck.problem` (exit 2 on a message),
/// `SignalTrap.install()`, `TerminalLocale.activate()`, then `run`.
public struct TerminalSession {
    private let signals: SignalTrap
    private let colorWanted: Bool

    /// - Parameters:
    ///   - signals: the installed trap; its signals end or resize the session.
    ///   - environment: a non-empty `NO_COLOR` turns colours off (attributes only).
    public init(signals: SignalTrap, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.signals = signals
        colorWanted = (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Runs `app` on the terminal until it quits, a signal ends the session or the
    /// terminal goes away, and returns the exit status: the app's own on quit,
    /// 128 + the signal number on SIGINT, SIGTERM or SIGHUP, 129 when the terminal
    /// hangs up. The terminal is restored (cooked mode, cursor visible, alternate
    /// screen and mouse reporting off) before this returns or throws.
    ///
    /// Blocks the calling thread, which becomes the UI thread: call it from the main
    /// thread, never from a Swift concurrency task. `app.resized` is called once with
    /// the initial size before the first `render`.
    ///
    /// - Parameters:
    ///   - wake: signalled by other threads when `app.woke()` should run.
    ///   - mouse: whether to ask the terminal for mouse reports (`--no-mouse` is false).
    /// - Throws: `TerminalError` when curses cannot start or `poll` fails.
    public func run(app: InteractiveApp, wake: WakePipe, mouse: Bool) throws(TerminalError) -> Int32 {
        guard let screen = sm_newterm() else {
            throw TerminalError("sonicmap: curses could not start on this terminal.")
        }
        var mouseOn = false
        defer { TerminalSession.restore(screen, mouseWasOn: mouseOn) }

        let stdscr = sm_stdscr()
        cbreak()
        noecho()
        nonl()
        intrflush(stdscr, false)
        keypad(stdscr, true)
        nodelay(stdscr, true)
        scrollok(stdscr, false)
        leaveok(stdscr, true)
        curs_set(0)
        set_escdelay(25)
        let colors = ColorCapability.start(wanted: colorWanted)
        if mouse {
            mouseOn = mousemask(MouseDecoder.mask, nil) != 0
        }

        let loop = EventLoop(
            app: app, wake: wake, signals: signals,
            input: InputReader(decoder: .forCurrentTerminal()),
            painter: ScreenPainter(capability: colors)
        )
        return try loop.run()
    }

    /// Leaves curses: mouse reporting off, `endwin`, then the explicit escape that
    /// turns xterm mouse modes off in case curses did not.
    private static func restore(_ screen: OpaquePointer, mouseWasOn: Bool) {
        if mouseWasOn { mousemask(0, nil) }
        endwin()
        if mouseWasOn {
            let off = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l"
            _ = off.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        }
        delscreen(screen)
    }
}
