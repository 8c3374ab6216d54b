import Foundation

/// Removes an export's temporary file when a signal ends the process while the file
/// exists (Ctrl-C, `kill`, a hang-up during `sonicmap export`), then lets the signal
/// take its default course, so the process still dies of it.
///
/// Only signals whose disposition is the default are taken over: the TUI's own handlers
/// (which end the session in an orderly way) are left alone. The handler only calls
/// `unlink`, `signal` and `raise`, all async-signal-safe.
enum TemporaryFileGuard {
    /// The file to remove, as a C string; set before the handlers are installed.
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?

    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGPIPE]

    private static let handler: @convention(c) (Int32) -> Void = { signo in
        if let p = TemporaryFileGuard.path { unlink(p) }
        signal(signo, SIG_DFL)
        raise(signo)
    }

    /// Runs `body` with `temp` removed if a terminating signal arrives meanwhile.
    static func guarding<T>(_ temp: String, _ body: () throws(ExportFile.Failure) -> T) throws(ExportFile.Failure) -> T {
        path = strdup(temp)
        var taken: [Int32] = []
        for s in signals {
            let previous = signal(s, handler)
            if previous == nil {
                taken.append(s)
            } else {
                signal(s, previous)
            }
        }
        defer {
            for s in taken { signal(s, SIG_DFL) }
            let p = path
            path = nil
            free(p)
        }
        return try body()
    }
}
