import Foundation

/// A successful Prometheus HTTP API answer: its `data`, decoded for the endpoint asked,
/// and any `warnings` the server attached.
///
/// Each endpoint has its own initialiser taking the raw body and the HTTP status the
/// caller received. Error bodies, non-JSON bodies and malformed JSON throw
/// `PrometheusError`; nothing a server sends can crash the decoder.
public struct PrometheusResponse<Payload: Equatable & Sendable>: Equatable, Sendable {
    /// The decoded `data` field.
    public var data: Payload
    /// The server's `warnings` (e.g. a partial answer from Thanos), verbatim.
    public var warnings: [String]

    public init(data: Payload, warnings: [String] = []) {
        self.data = data
        self.warnings = warnings
    }

    /// Checks the envelope (`status`, `errorType`, `error`, `warnings`) and decodes `data`.
    init(body: Data, httpStatus: Int, decode: (Any) throws(PrometheusJSON.ShapeError) -> Payload) throws(PrometheusError) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body)
        } catch {
            throw .notJSON(httpStatus: httpStatus, excerpt: PrometheusError.excerpt(of: body))
        }
        guard let root = parsed as? [String: Any], let status = root["status"] as? String else {
            throw .unexpectedShape(
                httpStatus: httpStatus,
                reason: "no \"status\" field in \"\(PrometheusError.excerpt(of: body))\"")
        }
        guard status == "success" else {
            throw .server(
                httpStatus: httpStatus, errorType: root["errorType"] as? String ?? "",
                message: root["error"] as? String ?? "status \"\(status)\" without a message")
        }
        do {
            self.init(data: try decode(root["data"] as Any), warnings: root["warnings"] as? [String] ?? [])
        } catch {
            throw .unexpectedShape(httpStatus: httpStatus, reason: error.reason)
        }
    }
}

extension PrometheusResponse where Payload == PrometheusResult {
    /// An `/api/v1/query` or `/api/v1/query_range` answer.
    public init(queryBody body: Data, httpStatus: Int) throws(PrometheusError) {
        try self.init(body: body, httpStatus: httpStatus) { data throws(PrometheusJSON.ShapeError) in
            try PrometheusResult(json: data)
        }
    }
}

extension PrometheusResponse where Payload == [PrometheusExemplarSeries] {
    /// An `/api/v1/query_exemplars` answer.
    public init(exemplarsBody body: Data, httpStatus: Int) throws(PrometheusError) {
        try self.init(body: body, httpStatus: httpStatus) { data throws(PrometheusJSON.ShapeError) in
            try PrometheusExemplarSeries.list(json: data)
        }
    }
}
