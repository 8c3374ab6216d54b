import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Routes SIGWINCH and every catchable signal whose default action would end the
/// process (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, SIGALRM, SIGVTALRM, SIGPROF,
/// SIGXCPU, SIGIO, SIGPWR, real-time signals) into a self-pipe that the event loop
/// polls, so the session always ends through the code that restores the terminal.
/// Ignores SIGPIPE and SIGXFSZ.
///
/// The handlers (C, in the shim) only write the signal number as one byte, which is
/// async-signal-safe; `endwin` and everything else run in normal code. Install once
/// per process, before `newterm`, so curses keeps these handlers instead of its own.
/// The pipe stays open for the life of the process.
public final class SignalTrap: Sendable {
    let pipe: NonBlockingPipe

    private init(pipe: NonBlockingPipe) {
        self.pipe = pipe
    }

    /// Installs the handlers with `sigaction`.
    public static func install() throws(TerminalError) -> SignalTrap {
        let pipe = try NonBlockingPipe()
        guard sm_install_signal_handlers(pipe.writeEnd) == 0 else { throw .system("sigaction") }
        return SignalTrap(pipe: pipe)
    }

    /// The descriptor the loop polls for readability.
    var readEnd: Int32 { pipe.readEnd }

    /// The signals received since the last call, oldest first.
    func drain() -> [Int32] {
        pipe.readAvailable().map { Int32($0) }
    }

    /// The exit status for a signal that ends the session (128 + its number), or nil
    /// for one that does not (SIGWINCH). Every routed signal but SIGWINCH ends it.
    static func exitStatus(for signal: Int32) -> Int32? {
        signal == SIGWINCH || signal <= 0 || signal > sm_last_routed_signal() ? nil : 128 + signal
    }
}
