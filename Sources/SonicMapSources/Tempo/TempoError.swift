import SonicMapCore

/// Why a Tempo request failed, worded for the person at the terminal: what is wrong and
/// what to do. Server text is quoted made safe (`SafeText`); secrets never appear.
public enum TempoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// v1's 404 with an empty body or v2's 200 with an empty trace.
    case notFound(TraceID)
    /// HTTP 400: a bad trace id or bad TraceQL. `asked` says what sonicmap asked for.
    case badRequest(asked: String, message: String)
    /// HTTP 401 `no org id`: a multi-tenant Tempo without `X-Scope-OrgID`.
    case tenantRequired(url: String)
    /// HTTP 401 or 403 otherwise. `credentials` describes where the configured secret
    /// comes from (`env:NAME`, `file:PATH`), nil when none is configured.
    case unauthorized(url: String, status: Int, message: String, credentials: String?)
    /// HTTP 422: the trace is larger than Tempo's `max_bytes_per_trace`.
    case traceTooLarge(TraceID, message: String)
    /// Any other status sonicmap cannot use.
    case unexpectedStatus(url: String, status: Int, message: String)
    /// A 200 whose body cannot be read.
    case invalidResponse(url: String, reason: String)
    /// No response at all.
    case transport(HTTPError)

    public var description: String {
        switch self {
        case let .notFound(id):
            return "trace \(id.hex) not found in Tempo: it may be older than Tempo's retention, not yet flushed, or in another tenant"
        case let .badRequest(asked, message):
            return "Tempo rejected \(asked): \(message)"
        case let .tenantRequired(url):
            return "Tempo at \(url) is multi-tenant (it answered `no org id`): set the tenant with --tenant or SONICMAP_TENANT"
        case let .unauthorized(url, status, message, credentials):
            let said = message.isEmpty ? "" : " (\(message))"
            guard let credentials else {
                return "Tempo at \(url) requires authentication (HTTP \(status))\(said): configure a bearer token or basic auth read from an environment variable or file (e.g. SONICMAP_TOKEN_FILE)"
            }
            return "Tempo at \(url) refused the credentials from \(credentials) (HTTP \(status))\(said): check the token or password, and the tenant (--tenant)"
        case let .traceTooLarge(id, message):
            return "trace \(id.hex) is too large for Tempo to return (HTTP 422\(message.isEmpty ? "" : ": " + message)): raise max_bytes_per_trace in Tempo, or look at a smaller trace"
        case let .unexpectedStatus(url, status, message):
            let said = message.isEmpty ? "" : ": \(message)"
            switch status {
            case 404:
                return "Tempo at \(url) answered HTTP 404\(said): check that the URL is Tempo's query endpoint (port 3100 in SuperSONIC's chart, 3200 by Tempo's default, with any path prefix)"
            case 429:
                return "Tempo at \(url) is rate limiting (HTTP 429)\(said): refresh less often (--refresh)"
            case 502, 503, 504:
                return "Tempo at \(url) is unavailable (HTTP \(status))\(said): Tempo or a proxy in front of it is down or overloaded"
            default:
                return "Tempo at \(url) answered HTTP \(status)\(said)"
            }
        case let .invalidResponse(url, reason):
            return "Tempo at \(url) sent a response sonicmap cannot read: \(reason)"
        case let .transport(error):
            return error.description
        }
    }
}
