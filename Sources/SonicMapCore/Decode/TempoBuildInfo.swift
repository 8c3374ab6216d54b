import Foundation

/// Tempo's version, from `/api/status/buildinfo`.
public struct TempoBuildInfo: Equatable, Sendable {
    public var version: String
    public var revision: String
    /// True when Tempo has no build-info endpoint and the version was assumed.
    public var assumed: Bool

    public init(version: String, revision: String = "", assumed: Bool = false) {
        self.version = version
        self.revision = revision
        self.assumed = assumed
    }

    /// What a Tempo without the endpoint is taken to be, as Grafana does.
    public static let assumedWhenMissing = TempoBuildInfo(version: "2.1.0", assumed: true)

    /// Reads `{"version","revision",…}`. Pure.
    public static func decode(_ body: Data) throws(TempoPayloadError) -> TempoBuildInfo {
        let root = try TempoJSON.object(body, "buildinfo response")
        guard let version = root["version"] as? String, !version.isEmpty else { throw TempoPayloadError("buildinfo has no version") }
        return TempoBuildInfo(version: version, revision: root["revision"] as? String ?? "")
    }
}
