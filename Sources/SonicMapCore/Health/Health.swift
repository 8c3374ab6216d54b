/// How a node or edge is doing against the configured `HealthThresholds`.
/// Ordered from least to most alarming, so the worst of several is their `max`.
public enum Health: Int, Comparable, Sendable, CaseIterable {
    /// Nothing measured (no traffic, no latency).
    case unknown
    case ok
    case warning
    case critical

    public static func < (a: Health, b: Health) -> Bool { a.rawValue < b.rawValue }
}
