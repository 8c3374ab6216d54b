import Foundation
import SonicMapCore

/// The Prometheus HTTP API (also served by Thanos, Mimir, VictoriaMetrics and Grafana
/// Cloud): instant and range queries, exemplars, series, labels and label values.
/// Queries are sent as POST forms, as Grafana does. Requests go through an `HTTPClient`
/// and block the calling thread; bodies are decoded by Core's `PrometheusResponse`.
public final class PrometheusClient: Sendable {
    /// The API base, including any path prefix (`https://mimir.example/prometheus`).
    public let endpoint: EndpointConfig
    let http: HTTPClient

    public init(endpoint: EndpointConfig, http: HTTPClient) {
        self.endpoint = endpoint
        self.http = http
    }

    /// An instant query at `time` (Unix seconds; the server's now when nil).
    public func query(_ promQL: String, time: Double? = nil, cancellation: HTTPCancellation? = nil) throws(PrometheusClientError)
        -> PrometheusResponse<PrometheusResult>
    {
        let response = try send(queryRequest(promQL, time: time), cancellation)
        return try decode(response) { body, status throws(PrometheusError) in try PrometheusResponse(queryBody: body, httpStatus: status) }
    }

    /// A range query from `start` to `end` every `step` seconds.
    public func queryRange(_ promQL: String, start: Double, end: Double, step: Double, cancellation: HTTPCancellation? = nil)
        throws(PrometheusClientError) -> PrometheusResponse<PrometheusResult>
    {
        let request = post("/api/v1/query_range", [("query", promQL), ("start", Self.time(start)), ("end", Self.time(end)), ("step", Self.time(step))])
        let response = try send(request, cancellation)
        return try decode(response) { body, status throws(PrometheusError) in try PrometheusResponse(queryBody: body, httpStatus: status) }
    }

    /// Exemplars of the series `promQL` selects between `start` and `end`.
    public func exemplars(_ promQL: String, start: Double, end: Double, cancellation: HTTPCancellation? = nil)
        throws(PrometheusClientError) -> PrometheusResponse<[PrometheusExemplarSeries]>
    {
        let response = try send(exemplarsRequest(promQL, start: start, end: end), cancellation)
        return try decodeExemplars(response)
    }

    func decodeExemplars(_ response: HTTPResponse) throws(PrometheusClientError) -> PrometheusResponse<[PrometheusExemplarSeries]> {
        try decode(response) { body, status throws(PrometheusError) in try PrometheusResponse(exemplarsBody: body, httpStatus: status) }
    }

    /// The server's version (`/api/v1/status/buildinfo`); some compatible servers lack it (404).
    public func buildInfo(cancellation: HTTPCancellation? = nil) throws(PrometheusClientError) -> PrometheusBuildInfo {
        let response = try send(buildInfoRequest(), cancellation)
        return try decode(response) { body, status throws(PrometheusError) in try PrometheusResponse(buildInfoBody: body, httpStatus: status) }.data
    }

    // MARK: - Plumbing

    func queryRequest(_ promQL: String, time: Double?) -> HTTPRequest {
        post("/api/v1/query", [("query", promQL)] + (time.map { [("time", Self.time($0))] } ?? []))
    }

    func exemplarsRequest(_ promQL: String, start: Double, end: Double) -> HTTPRequest {
        post("/api/v1/query_exemplars", [("query", promQL), ("start", Self.time(start)), ("end", Self.time(end))])
    }

    func buildInfoRequest() -> HTTPRequest {
        HTTPRequest(endpoint: endpoint, path: "/api/v1/status/buildinfo")
    }

    private func post(_ path: String, _ form: [(String, String)]) -> HTTPRequest {
        HTTPRequest(endpoint: endpoint, path: path, query: form, method: .post)
    }

    private func send(_ request: HTTPRequest, _ cancellation: HTTPCancellation?) throws(PrometheusClientError) -> HTTPResponse {
        switch http.perform(request, cancellation: cancellation) {
        case .success(let r): return r
        case .failure(let e): throw .transport(e)
        }
    }

    func decode<T>(_ response: HTTPResponse, _ body: (Data, Int) throws(PrometheusError) -> T) throws(PrometheusClientError) -> T {
        do {
            return try body(response.body, response.status)
        } catch {
            throw .response(url: response.url, error)
        }
    }

    /// Unix seconds with millisecond precision, as Prometheus reads them.
    static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
