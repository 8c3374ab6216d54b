/// Why a source gave no answer to a refresh, search or fetch: the message its client
/// already worded for the user (what went wrong, what to do), and what kind of failure
/// it was, which survives from the client to the status line.
public struct SourceFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No HTTP answer: refused, unknown host, TLS, a broken transfer.
        case unreachable
        /// A connect or request timeout expired.
        case timeout
        /// The work was abandoned (the window changed, the client shut down).
        case cancelled
        /// The server refused the credentials or needs a tenant (401, 403).
        case unauthorized
        /// An HTTP status the client cannot use (5xx, 429, a 404 on the API path…).
        case httpStatus
        /// An answer whose body cannot be read.
        case unreadable
        /// No such trace.
        case notFound
        /// An answer, or a trace, larger than its limit.
        case tooLarge
        /// The query was rejected (bad TraceQL, bad PromQL).
        case badQuery
        /// This source cannot do it at all (no traces, no endpoint for it).
        case unavailable
        /// Anything else.
        case other
    }

    public var kind: Kind
    /// One line, safe to show; never a secret.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `error` as a failure: its own kind when it knows it (`SourceFailureKind`), with
    /// exactly the message it prints.
    public init(_ error: any Error) {
        if let failure = error as? SourceFailure {
            self = failure
        } else {
            self.init((error as? any SourceFailureKind)?.failureKind ?? .other, String(describing: error))
        }
    }

    /// The same failure, its message prefixed with whose it is (`Tempo (URL): …`).
    public func from(_ origin: String) -> SourceFailure { SourceFailure(kind, "\(origin): \(message)") }

    public var description: String { message }
}

/// An error that knows which kind of `SourceFailure` it is.
public protocol SourceFailureKind: Error {
    var failureKind: SourceFailure.Kind { get }
}

extension TraceLookupError: SourceFailureKind {
    public var failureKind: SourceFailure.Kind {
        switch self {
        case .unavailable: .unavailable
        case .notFound: .notFound
        case .badQuery: .badQuery
        }
    }
}
