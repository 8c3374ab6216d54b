import SonicMapCore

/// Why the demo cannot draw a map.
public enum DemoSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Looking back before the oldest counters the simulator keeps (its hour of retention),
    /// as a real Prometheus would have no samples there.
    case beforeRetention(at: Double, oldest: Double)

    public var description: String {
        switch self {
        case .beforeRetention(let at, let oldest):
            "the demo keeps one hour of data: \(UTCTime.rfc3339(at)) is before its oldest sample, \(UTCTime.rfc3339(oldest)); look at a later time"
        }
    }
}
