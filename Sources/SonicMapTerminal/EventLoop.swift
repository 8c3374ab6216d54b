import CNcursesw
import SonicMapUI
#if canImport(Glibc)
import Glibc
#endif

/// The single UI thread's loop: waits in `poll()` on stdin, the wake pipe and the
/// signal pipe, feeds the app and redraws only when something changed. While the
/// app has no tick pending and nothing arrives, it sleeps without using CPU.
final class EventLoop {
    private let app: InteractiveApp
    private let wake: WakePipe
    private let signals: SignalTrap
    private let input: InputReader
    private let painter: ScreenPainter
    private let clock = ContinuousClock()
    /// When `app.tick()` is due. Kept across iterations, so a steady stream of keys
    /// cannot postpone a tick whose interval the app reports from scratch each time.
    private var tickDeadline: ContinuousClock.Instant?

    init(app: InteractiveApp, wake: WakePipe, signals: SignalTrap, input: InputReader, painter: ScreenPainter) {
        self.app = app
        self.wake = wake
        self.signals = signals
        self.input = input
        self.painter = painter
    }

    /// Runs until the app quits or the session ends; returns the exit status.
    func run() throws(TerminalError) -> Int32 {
        app.resized(width: Int(sm_cols()), height: Int(sm_lines()))
        var needsDraw = true
        while true {
            if needsDraw {
                painter.draw(app.render(width: Int(sm_cols()), height: Int(sm_lines())), theme: app.theme)
                needsDraw = false
            }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, nfds_t(fds.count), pollTimeout()) < 0 {
                if errno == EINTR { continue }
                throw .system("poll")
            }
            var resized = false
            for signal in fds[2].revents != 0 ? signals.drain() : [] {
                if let status = SignalTrap.exitStatus(for: signal) { return status }
                if signal == SIGWINCH { resized = true }
            }
            if fds[1].revents != 0, wake.drain(), app.woke() {
                needsDraw = true
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let (events, readAnything) = input.readAvailable()
                // Curses reads nothing from a closed stdin, and poll keeps saying it is
                // readable: stop rather than spin.
                if !readAnything, sm_at_end_of_file(STDIN_FILENO) != 0 { return 128 + SIGHUP }
                for event in events {
                    switch event {
                    case .key(let key):
                        if case .quit(let code) = app.handle(key: key) { return code }
                        needsDraw = true
                    case .mouse(let mouse):
                        if case .quit(let code) = app.handle(mouse: mouse) { return code }
                        needsDraw = true
                    case .resize:
                        resized = true
                    }
                }
            }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return 128 + SIGHUP
            }
            if resized {
                resize()
                needsDraw = true
            }
            if let deadline = tickDeadline, clock.now >= deadline {
                tickDeadline = nil
                if app.tick() { needsDraw = true }
            }
        }
    }

    /// Milliseconds until the next tick (rounded up), or -1 to wait indefinitely.
    private func pollTimeout() -> Int32 {
        guard let seconds = app.secondsUntilTick else {
            tickDeadline = nil
            return -1
        }
        let now = clock.now
        let proposed = now + .milliseconds(Int64((max(0, min(seconds, 86_400)) * 1000).rounded(.up)))
        let deadline = min(tickDeadline ?? proposed, proposed)
        tickDeadline = deadline
        let (s, attoseconds) = (deadline - now).components
        let ms = s * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }

    /// Adopts the kernel's idea of the terminal size and redraws everything.
    private func resize() {
        var rows: Int32 = 0, cols: Int32 = 0
        if sm_window_size(STDOUT_FILENO, &rows, &cols) == 0, rows != sm_lines() || cols != sm_cols() {
            resize_term(rows, cols)
        }
        app.resized(width: Int(sm_cols()), height: Int(sm_lines()))
        painter.invalidate()
    }
}
