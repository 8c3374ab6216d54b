import Foundation

/// Why a Prometheus API response could not be used.
///
/// Prometheus answers errors with `{"status":"error","errorType":…,"error":…}` and an HTTP
/// status (400 `bad_data`, 422 `execution`, 503 `timeout`/`canceled`); a proxy in front of
/// it may answer with anything at all. The HTTP status is the caller's, passed in with the body.
public enum PrometheusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Prometheus' own error body. `message` is the server's text, verbatim.
    case server(httpStatus: Int, errorType: String, message: String)
    /// The body is not JSON (an HTML page from a proxy, plain text, empty): its first bytes, made safe to show.
    case notJSON(httpStatus: Int, excerpt: String)
    /// JSON, but not shaped like a Prometheus API response.
    case unexpectedShape(httpStatus: Int, reason: String)

    /// How many bytes of an unreadable body an error quotes.
    static let excerptBytes = 200
    /// How many bytes of Prometheus' own error message are quoted: enough for any real
    /// message, while a 100 KB one (a proxy echoing the whole query) is cut with `…`.
    static let messageBytes = 500

    public var description: String {
        switch self {
        case let .server(status, type, message):
            let kind = type.isEmpty ? "error" : SafeText.excerpt(of: Array(type.utf8), maxBytes: 40)
            return "Prometheus \(kind) (HTTP \(status)): \(SafeText.excerpt(of: Array(message.utf8), maxBytes: Self.messageBytes))"
        case let .notJSON(status, excerpt):
            return excerpt.isEmpty
                ? "HTTP \(status) with an empty body where Prometheus JSON was expected"
                : "HTTP \(status), not Prometheus JSON: \"\(excerpt)\""
        case let .unexpectedShape(status, reason):
            return "HTTP \(status), unexpected Prometheus response: \(reason)"
        }
    }

    /// The first `excerptBytes` bytes of `body` as one line of inert text, with `…` when cut.
    static func excerpt(of body: some Collection<UInt8>) -> String {
        SafeText.excerpt(of: body, maxBytes: excerptBytes)
    }
}
