import SonicMapCore

/// The health thresholds as one layer of configuration says them (`health:` in the config
/// file, `--error-warn` … flags); nil fields are left to lower layers and then to
/// `HealthThresholds.standard`.
public struct HealthLayer: Equatable, Sendable {
    /// Error ratio, 0…1.
    public var errorWarn: Sourced<Double>?
    public var errorCrit: Sourced<Double>?
    /// p95 latency, seconds.
    public var p95Warn: Sourced<Double>?
    public var p95Crit: Sourced<Double>?

    public init(errorWarn: Sourced<Double>? = nil, errorCrit: Sourced<Double>? = nil, p95Warn: Sourced<Double>? = nil, p95Crit: Sourced<Double>? = nil) {
        self.errorWarn = errorWarn
        self.errorCrit = errorCrit
        self.p95Warn = p95Warn
        self.p95Crit = p95Crit
    }

    /// This layer's fields where it has them, `lower`'s elsewhere.
    public func overlaid(on lower: HealthLayer) -> HealthLayer {
        HealthLayer(errorWarn: errorWarn ?? lower.errorWarn, errorCrit: errorCrit ?? lower.errorCrit,
                    p95Warn: p95Warn ?? lower.p95Warn, p95Crit: p95Crit ?? lower.p95Crit)
    }

    /// The thresholds, standard where no layer says otherwise.
    public var thresholds: HealthThresholds {
        let s = HealthThresholds.standard
        return HealthThresholds(
            errorWarning: errorWarn?.value ?? s.errorWarning, errorCritical: errorCrit?.value ?? s.errorCritical,
            p95Warning: p95Warn?.value ?? s.p95Warning, p95Critical: p95Crit?.value ?? s.p95Critical)
    }
}
