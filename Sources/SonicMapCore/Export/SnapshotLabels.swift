/// The words and health a picture export shows for each node and edge of a snapshot.
/// DOT and Mermaid share them so the two read the same; all text is cleaned of control
/// characters and escape sequences before any format-specific escaping.
public struct SnapshotLabels: Sendable {
    /// Health of an edge or node by error ratio, as the map's border colours show it.
    public enum Health: String, Sendable {
        case ok, warn, bad, unknown
    }

    /// Error ratio at which health turns to warning, and to bad.
    public var warnErrorRatio: Double
    public var badErrorRatio: Double

    public init(warnErrorRatio: Double = 0.01, badErrorRatio: Double = 0.05) {
        self.warnErrorRatio = warnErrorRatio
        self.badErrorRatio = badErrorRatio
    }

    public func health(_ errorRatio: Double?) -> Health {
        guard let r = errorRatio else { return .unknown }
        return r >= badErrorRatio ? .bad : r >= warnErrorRatio ? .warn : .ok
    }

    /// The side of a node its box summarises: what comes in, or what goes out when nothing does.
    public static func primary(_ n: SnapshotNode) -> SnapshotTraffic {
        n.incoming.rate > 0 ? n.incoming : n.outgoing
    }

    /// Lines for a node: its name, then rate, p95 and errors.
    public func lines(_ n: SnapshotNode) -> [String] {
        let t = SnapshotLabels.primary(n)
        var stats: [String] = []
        let rate = n.spanMetricsRate ?? n.envoy?.downstreamRequestsPerSecond ?? t.rate
        if rate > 0 { stats.append(Formatting.rate(rate)) }
        if let p95 = t.latency.p95 { stats.append("p95 " + SnapshotLabels.ms(p95, bound: t.latency.bounds["p95"])) }
        if let e = t.errorRatio, e > 0 { stats.append(Formatting.percent(e) + " err") }
        return [SafeText.clean(n.label)] + (stats.isEmpty ? [] : [stats.joined(separator: " · ")])
    }

    /// The label of an edge: rate (`~` for an estimate), errors and server p95.
    public func label(_ e: SnapshotEdge) -> String {
        var parts = [e.rateEstimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(e.rate)]
        if e.rateSource == .orphans { parts[0] += " unsampled" }
        if let r = e.errorRatio, r > 0 { parts.append(Formatting.percent(r) + " err") }
        if let p95 = e.serverLatency.p95 { parts.append("p95 " + SnapshotLabels.ms(p95, bound: e.serverLatency.bounds["p95"])) }
        return parts.joined(separator: " · ")
    }

    /// `<100ms`, `1.07s`: a quantile in milliseconds, with its bound when it is only a bound.
    public static func ms(_ value: Double, bound: QuantileEstimate.Bound?) -> String {
        (bound?.rawValue ?? "") + Formatting.duration(ms: value)
    }

    /// Fill colours by role and stroke colours by health, readable on white and on dark
    /// backgrounds, and distinguishable without red–green vision (blue / orange / red-purple).
    public static func fill(_ role: NodeRole) -> String {
        switch role {
        case .envoy: "#dbeafe"
        case .triton: "#dcfce7"
        case .model: "#f3e8ff"
        case .virtual: "#f3f4f6"
        case .database, .messaging: "#fef9c3"
        case .other: "#ffffff"
        }
    }

    public static func stroke(_ h: Health) -> String {
        switch h {
        case .ok: "#1d4ed8"
        case .warn: "#d97706"
        case .bad: "#be123c"
        case .unknown: "#6b7280"
        }
    }
}
