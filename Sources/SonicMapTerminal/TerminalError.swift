#if canImport(Glibc)
import Glibc
#endif

/// A failure to set up the terminal backend. Its `description` is one line meant for
/// the user; callers exit with status 2.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// An error naming the failed operation and the current `errno`.
    static func system(_ operation: String) -> TerminalError {
        TerminalError("sonicmap: \(operation) failed: \(String(cString: strerror(errno)))")
    }
}
