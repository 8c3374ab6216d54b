/// One HTTP request to a configured endpoint.
///
/// The URL is the endpoint's base URL (with any path prefix, such as Mimir's
/// `/prometheus`) followed by `path` and, for GET, the percent-encoded query items.
/// For POST the same items travel as an `application/x-www-form-urlencoded` body, which
/// keeps long PromQL out of URLs and proxy logs, as Grafana does.
public struct HTTPRequest: Sendable {
    /// GET sends the query items in the URL; POST sends them as a form body.
    public enum Method: Sendable, Equatable {
        case get
        case post
    }

    /// Base URL, tenant, auth, TLS, extra headers, timeouts and size cap.
    public var endpoint: EndpointConfig
    /// Starts with `/`; variable segments already encoded with `PercentEncoding.component`.
    public var path: String
    /// Query items (GET) or form fields (POST), unencoded.
    public var query: [(String, String)]
    public var method: Method
    /// The `Accept` header, e.g. `application/protobuf` for Tempo traces; none when nil.
    public var accept: String?

    public init(endpoint: EndpointConfig, path: String, query: [(String, String)] = [], method: Method = .get, accept: String? = nil) {
        self.endpoint = endpoint
        self.path = path
        self.query = query
        self.method = method
        self.accept = accept
    }

    /// The URL libcurl fetches, credentials included if the base URL has any.
    var url: String {
        method == .get && !query.isEmpty ? endpoint.baseURL + path + "?" + PercentEncoding.form(query) : endpoint.baseURL + path
    }

    /// The form body of a POST.
    var formBody: String? { method == .post ? PercentEncoding.form(query) : nil }

    /// The URL for messages: no user or password, and no query (it may be long PromQL).
    public var displayURL: String { endpoint.redactedURL + path }
}
