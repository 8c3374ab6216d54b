/// The words and health a picture export shows for each node and edge of a snapshot.
/// DOT and Mermaid share them so the two read the same; all text is cleaned of control
/// characters and escape sequences before any format-specific escaping.
public struct SnapshotLabels: Sendable {
    /// Where health turns to warning and critical, as on the map.
    public var thresholds: HealthThresholds

    public init(thresholds: HealthThresholds = .standard) { self.thresholds = thresholds }

    /// The worse of the error and p95 health of one side, as the map's colours show it.
    public func health(errorRatio: Double?, latency: SnapshotLatency) -> Health {
        max(thresholds.health(errorRatio: errorRatio), thresholds.health(p95: latency.stats.p95))
    }

    public func health(_ n: SnapshotNode) -> Health {
        let t = SnapshotLabels.primary(n)
        return health(errorRatio: SnapshotLabels.errorRatio(n), latency: t.latency)
    }

    /// The error ratio a node shows: its own (`ownRate`) when its source counts errors,
    /// else its primary side's, as the map's boxes do.
    public static func errorRatio(_ n: SnapshotNode) -> Double? {
        if let own = n.ownRate, own.failedRate != nil { return own.errorRatio }
        return primary(n).errorRatio
    }

    public func health(_ e: SnapshotEdge) -> Health { health(errorRatio: e.errorRatio, latency: e.serverLatency) }

    /// The side of a node its box summarises: what comes in, or what goes out when nothing does.
    public static func primary(_ n: SnapshotNode) -> SnapshotTraffic {
        n.incoming.rate > 0 ? n.incoming : n.outgoing
    }

    /// Lines for a node: its name, then rate, p95 and errors.
    public func lines(_ n: SnapshotNode) -> [String] {
        let t = SnapshotLabels.primary(n)
        var stats: [String] = []
        let rate = n.ownRate?.rate ?? n.spanMetricsRate ?? n.envoy?.downstreamRequestsPerSecond ?? t.rate
        if rate > 0 { stats.append(Formatting.rate(rate)) }
        if t.latency.p95 != nil { stats.append(t.latency.side.marker + "p95 " + Formatting.quantile(t.latency.stats.p95)) }
        if let e = SnapshotLabels.errorRatio(n), e > 0 { stats.append(Formatting.percent(e) + " err") }
        return [SafeText.clean(n.label)] + (stats.isEmpty ? [] : [stats.joined(separator: " · ")])
    }

    /// The label of an edge: rate (`~` for an estimate), errors and server p95.
    public func label(_ e: SnapshotEdge) -> String {
        var parts = [e.rateEstimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(e.rate)]
        if e.rateSource == .orphans { parts[0] += " unsampled" }
        if let r = e.errorRatio, r > 0 { parts.append(Formatting.percent(r) + " err") }
        if e.serverLatency.p95 != nil { parts.append("p95 " + Formatting.quantile(e.serverLatency.stats.p95)) }
        return parts.joined(separator: " · ")
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
        case .warning: "#d97706"
        case .critical: "#be123c"
        case .unknown: "#6b7280"
        }
    }

    /// The class name Mermaid uses for a health.
    public static func name(_ h: Health) -> String {
        switch h {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        case .unknown: "unknown"
        }
    }
}
