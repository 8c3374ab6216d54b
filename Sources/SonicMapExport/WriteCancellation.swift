import Foundation
import SonicMapCore

/// Lets another thread abandon `ExportFile.write` calls in flight, for a process that is
/// about to exit: the TUI writes exports on a background queue, and quitting (`q`, Ctrl-C,
/// `kill`) must not leave a half-written temporary file beside the target.
///
/// `cancel()` removes the temporary file at once; the write then gives up with
/// `ExportFile.Failure.cancelled` instead of putting anything in place, and so does every
/// later write given the same token. Creating the temporary file and putting it in place
/// happen under the same lock as `cancel()`, so a cancelled write can neither create its
/// file afterwards nor half-publish it.
public final class WriteCancellation: Sendable {
    private struct State {
        var cancelled = false
        /// The temporary file of the write in flight, between its creation and its commit.
        var temp: String?
    }

    private let state = Locked(State())

    public init() {}

    /// Abandons the write in flight (removing its temporary file) and every later one.
    public func cancel() {
        state.withLockedValue { s in
            s.cancelled = true
            if let temp = s.temp { unlink(temp) }
            s.temp = nil
        }
    }

    public var isCancelled: Bool { state.withLockedValue { $0.cancelled } }

    /// Creates `temp` for writing (exclusively) and remembers it for `cancel()`.
    func create(_ temp: String, for path: String) throws(ExportFile.Failure) -> Int32 {
        try state.withLockedValue { s throws(ExportFile.Failure) -> Int32 in
            guard !s.cancelled else { throw .cancelled(path) }
            let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .cannotWrite(path: path, reason: DescriptorOutput.reason(errno)) }
            s.temp = temp
            return fd
        }
    }

    /// Runs `body` (which puts the written file in place) unless the write was cancelled
    /// meanwhile; either way the temporary file is no longer this token's to remove.
    func commit(_ path: String, _ body: () throws(ExportFile.Failure) -> Void) throws(ExportFile.Failure) {
        try state.withLockedValue { s throws(ExportFile.Failure) in
            defer { s.temp = nil }
            guard !s.cancelled else { throw .cancelled(path) }
            try body()
        }
    }
}
