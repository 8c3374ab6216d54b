/// Where health turns from ok to warning to critical: an error ratio and a p95 latency.
///
/// Set in the config file (`health:`, per profile too) or by flags; `standard` otherwise.
/// A value at or above a threshold reaches that level.
public struct HealthThresholds: Equatable, Sendable {
    /// Error ratio (0…1) from which health is a warning.
    public var errorWarning: Double
    /// Error ratio (0…1) from which health is critical.
    public var errorCritical: Double
    /// p95 latency, seconds, from which health is a warning.
    public var p95Warning: Double
    /// p95 latency, seconds, from which health is critical.
    public var p95Critical: Double

    /// 1 % and 5 % errors; 500 ms and 1 s at p95.
    public static let standard = HealthThresholds(errorWarning: 0.01, errorCritical: 0.05, p95Warning: 0.5, p95Critical: 1)

    public init(errorWarning: Double, errorCritical: Double, p95Warning: Double, p95Critical: Double) {
        self.errorWarning = errorWarning
        self.errorCritical = errorCritical
        self.p95Warning = p95Warning
        self.p95Critical = p95Critical
    }

    /// Why these thresholds cannot be used (a warning above its critical level, a ratio
    /// outside 0…1, a latency not above 0), or nil when they can.
    public var problem: String? {
        guard (0...1).contains(errorWarning), (0...1).contains(errorCritical) else { return "error thresholds must be between 0 and 1 (0%–100%)" }
        guard p95Warning > 0, p95Critical > 0, p95Warning.isFinite, p95Critical.isFinite else { return "p95 thresholds must be durations above 0" }
        guard errorWarning <= errorCritical else { return "error-warning (\(errorWarning)) is above error-critical (\(errorCritical))" }
        guard p95Warning <= p95Critical else { return "p95-warning (\(p95Warning)s) is above p95-critical (\(p95Critical)s)" }
        return nil
    }

    /// Health by error ratio alone; unknown without traffic.
    public func health(errorRatio: Double?) -> Health {
        guard let r = errorRatio else { return .unknown }
        if r >= errorCritical { return .critical }
        return r >= errorWarning ? .warning : .ok
    }

    /// Health by p95 alone. A p95 only known to be below a bucket bound counts as ok: the
    /// histogram gives no evidence of slowness. One above the last bound is at least that bound.
    /// One inside a classic bucket wider than ×1.5 is judged on the bucket's lower bound, so
    /// the colour never comes from interpolation inside the bucket.
    public func health(p95: QuantileEstimate) -> Health {
        guard p95.isKnown else { return .unknown }
        if p95.bound == .below { return .ok }
        let v = p95.healthValue
        if v >= p95Critical { return .critical }
        return v >= p95Warning ? .warning : .ok
    }

    /// The worse of the error and p95 health of some traffic.
    public func health(_ traffic: TrafficStats) -> Health {
        max(health(errorRatio: traffic.errorRatio), health(p95: traffic.latency.p95))
    }
}
