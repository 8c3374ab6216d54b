/// A live refresh that produced nothing: every configured endpoint failed.
public struct LiveSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One line per endpoint: its name and URL, then the cause.
    public var failures: [String]

    public init(failures: [String]) { self.failures = failures }

    public var description: String { failures.joined(separator: "; ") }
}
