/// How one check of `sonicmap doctor` came out.
public enum DoctorStatus: String, Sendable, CaseIterable {
    /// As it should be.
    case ok
    /// Works, but something the map uses is missing or odd; does not make doctor fail.
    case warn
    /// Broken: the map cannot work this way. Any failure makes doctor exit 1.
    case fail
    /// Not checked: not configured, not applicable, or an earlier failure made it moot.
    case skip
}

/// One line of the diagnosis: what was checked, how it came out, and in one sentence what
/// was found (and, for warn and fail, what to do).
public struct DoctorCheck: Equatable, Sendable {
    /// Stable identifier, `<subject>.<check>`: `tempo.reachable`, `prometheus.exemplars`, `map.sampling`…
    public var id: String
    public var status: DoctorStatus
    /// One line, safe to print, never a secret.
    public var message: String

    public init(_ id: String, _ status: DoctorStatus, _ message: String) {
        self.id = id
        self.status = status
        self.message = message
    }
}
