import Foundation
import SonicMapCore

/// Grafana Tempo's HTTP query API: search, trace by id (v1 and v2), build info, readiness
/// and echo. Requests go through an `HTTPClient` and block the
/// calling thread; parsing is Core's (`TempoSearch`, `TraceDecoder`).
public final class TempoClient: Sendable {
    /// Where Tempo's query API is (e.g. `http://localhost:3200`) and how to reach it.
    public let endpoint: EndpointConfig
    let http: HTTPClient
    /// Spans decoded per trace before the rest is skipped and the trace marked partial.
    public let spanCap: Int
    /// What this Tempo turned out to accept, learnt from its answers.
    private struct Learnt {
        var v2Missing = false
        var support = ListingSupport()
    }

    private let learnt = Locked(Learnt())

    public init(endpoint: EndpointConfig, http: HTTPClient, spanCap: Int = TraceDecoder.defaultSpanCap) {
        self.endpoint = endpoint
        self.http = http
        self.spanCap = spanCap
    }

    // MARK: - Search

    /// Searches traces: TraceQL `q` (all traces when nil), at most `limit` hits with `spss`
    /// spans per span set, started between `start` and `end` (Unix seconds).
    ///
    /// Tempo leaves the most recent ~30 s out of search (`query_end_cutoff`).
    public func search(
        q: String? = nil, limit: Int? = nil, spss: Int? = nil, start: Double? = nil, end: Double? = nil,
        cancellation: HTTPCancellation? = nil
    ) throws(TempoError) -> [TraceSummary] {
        let request = searchRequest(q: q, limit: limit, spss: spss, start: start, end: end)
        return try decodeSearch(http.perform(request, cancellation: cancellation), q: q)
    }

    func searchRequest(q: String?, limit: Int?, spss: Int?, start: Double?, end: Double?) -> HTTPRequest {
        var query: [(String, String)] = []
        if let q, !q.isEmpty { query.append(("q", q)) }
        if let limit { query.append(("limit", String(limit))) }
        if let spss { query.append(("spss", String(spss))) }
        if let start { query.append(("start", String(Int(start.rounded(.down))))) }
        if let end { query.append(("end", String(Int(end.rounded(.up))))) }
        return HTTPRequest(endpoint: endpoint, path: "/api/search", query: query)
    }

    func decodeSearch(_ result: Result<HTTPResponse, HTTPError>, q: String?) throws(TempoError) -> [TraceSummary] {
        let asked = q.map { "the search \(SafeText.clean($0))" } ?? "the search"
        let response = try checked(result, asked: asked)
        do {
            return try TempoSearch.decode(response.body)
        } catch {
            throw .invalidResponse(url: response.url, reason: error.reason)
        }
    }

    // MARK: - Health

    /// The version; a Tempo without `/api/status/buildinfo` (404) is taken to be 2.1.0,
    /// as Grafana does, with `assumed` set.
    public func buildInfo() throws(TempoError) -> TempoBuildInfo {
        try decodeBuildInfo(http.perform(buildInfoRequest()))
    }

    func buildInfoRequest() -> HTTPRequest {
        HTTPRequest(endpoint: endpoint, path: "/api/status/buildinfo")
    }

    func decodeBuildInfo(_ result: Result<HTTPResponse, HTTPError>) throws(TempoError) -> TempoBuildInfo {
        if case .success(let r) = result, r.status == 404 { return .assumedWhenMissing }
        let response = try checked(result, asked: "the build info")
        return try read(response) { body throws(TempoPayloadError) in try TempoBuildInfo.decode(body) }
    }

    /// `/ready`: whether Tempo says it is ready, and what it said (Tempo answers 503 with
    /// the reason while starting).
    public func ready() throws(TempoError) -> (ready: Bool, message: String) {
        switch http.perform(HTTPRequest(endpoint: endpoint, path: "/ready")) {
        case .failure(let e):
            throw .transport(e)
        case .success(let r):
            return (r.status == 200, r.excerpt())
        }
    }

    /// `/api/echo`: true when Tempo answers `echo`, which shows the URL reaches Tempo's API.
    public func echo() throws(TempoError) -> Bool {
        let response = try get("/api/echo", asked: "echo")
        return String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "echo"
    }

    // MARK: - Plumbing

    private func get(_ path: String, query: [(String, String)] = [], asked: String) throws(TempoError) -> HTTPResponse {
        try checked(http.perform(HTTPRequest(endpoint: endpoint, path: path, query: query)), asked: asked)
    }

    private func read<T>(_ response: HTTPResponse, _ decode: (Data) throws(TempoPayloadError) -> T) throws(TempoError) -> T {
        do {
            return try decode(response.body)
        } catch {
            throw .invalidResponse(url: response.url, reason: error.reason)
        }
    }

    /// The response when its status is 2xx; otherwise the error the status means.
    func checked(_ result: Result<HTTPResponse, HTTPError>, asked: String) throws(TempoError) -> HTTPResponse {
        let response: HTTPResponse
        switch result {
        case .failure(let e): throw .transport(e)
        case .success(let r): response = r
        }
        if (200..<300).contains(response.status) { return response }
        throw statusError(response, asked: asked)
    }

    /// What a non-2xx status means.
    func statusError(_ response: HTTPResponse, asked: String) -> TempoError {
        let message = response.excerpt()
        switch response.status {
        case 400:
            return .badRequest(asked: asked, message: message.isEmpty ? "HTTP 400 without a reason" : message)
        case 401 where message.lowercased().contains("no org id"):
            return .tenantRequired(url: response.url)
        case 401, 403:
            return .unauthorized(url: response.url, status: response.status, message: message, credentials: credentialSource)
        default:
            return .unexpectedStatus(url: response.url, status: response.status, message: message)
        }
    }

    /// Where the configured secret comes from, never its value.
    private var credentialSource: String? {
        switch endpoint.auth {
        case .none: nil
        case .bearer(let source): source.description
        case .basic(let user, let source): "\(user) / \(source)"
        }
    }

    // MARK: - API version memory

    /// The TraceQL additions this Tempo accepts (`TempoTraceListing`); both until a 400 says otherwise.
    var listingSupport: ListingSupport {
        get { learnt.withLockedValue { $0.support } }
        set { learnt.withLockedValue { $0.support = newValue } }
    }

    /// Set once v2 trace-by-id answered 404 (Tempo before 2.5): later fetches go to v1 directly.
    var usesV1Only: Bool {
        get { learnt.withLockedValue { $0.v2Missing } }
        set { learnt.withLockedValue { $0.v2Missing = newValue } }
    }
}
