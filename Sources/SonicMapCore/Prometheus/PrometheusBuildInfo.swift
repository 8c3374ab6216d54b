import Foundation

/// A Prometheus-compatible server's version, from `/api/v1/status/buildinfo`.
///
/// Prometheus, Thanos and Mimir answer it; some compatible servers do not (404), and
/// then the version is simply unknown.
public struct PrometheusBuildInfo: Equatable, Sendable {
    public var version: String
    public var revision: String

    public init(version: String, revision: String = "") {
        self.version = version
        self.revision = revision
    }
}

extension PrometheusResponse where Payload == PrometheusBuildInfo {
    /// An `/api/v1/status/buildinfo` answer: `data{version, revision, branch, …}`.
    public init(buildInfoBody body: Data, httpStatus: Int) throws(PrometheusError) {
        try self.init(body: body, httpStatus: httpStatus) { data throws(PrometheusJSON.ShapeError) in
            let object = try PrometheusJSON.object(data, "data")
            let version = try PrometheusJSON.string(object["version"], "data.version")
            return PrometheusBuildInfo(version: version, revision: object["revision"] as? String ?? "")
        }
    }
}
