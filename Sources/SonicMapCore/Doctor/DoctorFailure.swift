/// Why one request of a diagnosis gave no usable answer: the message the client already
/// worded for the user (what went wrong, what to do), and the kind the diagnosis reasons
/// about (an unreachable endpoint makes its other checks moot; a 401 is about auth).
public struct DoctorFailure: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// No HTTP answer: refused, unknown host, timeout, TLS, broken or oversized transfer.
        case unreachable
        /// 401 `no org id`: a multi-tenant server asked without `X-Scope-OrgID`.
        case tenantRequired
        /// Any other 401 or 403.
        case unauthorized
        /// 404: the path does not exist there (wrong URL or prefix, or an older server).
        case notFound
        /// The server rejected the request (400, 422) and said why.
        case rejected
        /// Any other status (5xx, 429, …).
        case status
        /// A 2xx answer whose body cannot be read.
        case unreadable
    }

    public var kind: Kind
    /// One line, safe to print; never a secret.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
