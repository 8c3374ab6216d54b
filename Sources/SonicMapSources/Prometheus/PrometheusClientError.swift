import SonicMapCore

/// Why a Prometheus request failed: no response, or a response Prometheus (or a proxy in
/// front of it) marked as an error. Messages carry the server's text and a hint.
public indirect enum PrometheusClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No response at all.
    case transport(HTTPError)
    /// A response that is an error or cannot be read; `url` is the endpoint asked.
    case response(url: String, PrometheusError)
    /// Every query of a refresh failed; `first` is the first failure, in query order.
    case everyQueryFailed(count: Int, first: PrometheusClientError)

    public var description: String {
        switch self {
        case let .transport(error):
            return error.description
        case let .response(url, error):
            return "Prometheus at \(url): \(error)\(Self.hint(error))"
        case let .everyQueryFailed(count, first):
            return "all \(count) Prometheus queries failed; the first: \(first)"
        }
    }

    /// What to do, for statuses whose body rarely says it.
    private static func hint(_ error: PrometheusError) -> String {
        let status: Int
        switch error {
        case let .server(s, _, message):
            if message.lowercased().contains("no org id") { return ". Set the tenant with --tenant or SONICMAP_TENANT" }
            status = s
        case let .notJSON(s, excerpt):
            if excerpt.lowercased().contains("no org id") { return ". Set the tenant with --tenant or SONICMAP_TENANT" }
            status = s
        case let .unexpectedShape(s, _):
            status = s
        }
        switch status {
        case 401, 403: return ". Check the credentials (bearer token or basic auth from an environment variable or file) and the tenant"
        case 404: return ". Check the URL: it must be the Prometheus API base, with any path prefix (Mimir: …/prometheus)"
        case 502, 503, 504: return ". Prometheus or a proxy in front of it is down, overloaded, or timed the query out"
        default: return ""
        }
    }
}
