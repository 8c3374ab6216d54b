/// Wakes the terminal event loop from any thread.
///
/// The poller (or anything else) calls `signal()` after putting work in the app's
/// mailbox; the loop, blocked in `poll()`, drains the pipe and calls
/// `InteractiveApp.woke()`. Any number of signals before the loop runs coalesce
/// into one wake-up.
public final class WakePipe: Sendable {
    let pipe: NonBlockingPipe

    /// Opens the pipe. Throws only when the process is out of file descriptors.
    public init() throws(TerminalError) {
        pipe = try NonBlockingPipe()
    }

    /// Wakes the loop. Never blocks; safe from any thread.
    public func signal() {
        pipe.write(1)
    }

    /// The descriptor the loop polls for readability.
    var readEnd: Int32 { pipe.readEnd }

    /// Empties the pipe; returns whether any wake-up was pending.
    func drain() -> Bool {
        !pipe.readAvailable().isEmpty
    }

    deinit {
        pipe.close()
    }
}
