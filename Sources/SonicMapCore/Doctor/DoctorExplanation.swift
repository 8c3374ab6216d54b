/// A likely cause of an empty or partial map, found in the evidence: what is happening,
/// why, and what to do about it.
public struct DoctorExplanation: Equatable, Sendable {
    /// Which cause; stable, for scripts reading `--json`.
    public enum Cause: String, Sendable, CaseIterable {
        /// No service-graph series at all: the metrics generator does not write them here.
        case noServiceGraph = "no-service-graph"
        /// The configured service-graph filter hides every edge.
        case filter
        /// Spans that Tempo cannot pair because of their kinds.
        case spanKinds = "span-kinds"
        /// Service names that do not tell pods apart (`pod_name` not applied).
        case serviceNames = "service-names"
        /// Requests whose caller's span was never exported.
        case orphans
        /// Edges from or to virtual nodes (`user`, uninstrumented peers).
        case virtualNodes = "virtual-nodes"
        /// Data too recent to be in the metrics or in search yet.
        case waitWindow = "wait-window"
    }

    public var cause: Cause
    /// What was found, with numbers.
    public var finding: String
    /// What to do.
    public var action: String

    public init(_ cause: Cause, finding: String, action: String) {
        self.cause = cause
        self.finding = finding
        self.action = action
    }
}
