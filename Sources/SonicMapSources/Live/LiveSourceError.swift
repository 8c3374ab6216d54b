import SonicMapCore

/// A live refresh that produced nothing: every configured endpoint failed.
public struct LiveSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One per endpoint: its name and URL, then the cause, with the cause's kind.
    public var failures: [SourceFailure]

    public init(failures: [SourceFailure]) { self.failures = failures }

    public var description: String { failures.map(\.message).joined(separator: "; ") }
}

extension LiveSourceError: SourceFailureKind {
    /// The first endpoint's, as the message starts with it.
    public var failureKind: SourceFailure.Kind { failures.first?.kind ?? .other }
}
