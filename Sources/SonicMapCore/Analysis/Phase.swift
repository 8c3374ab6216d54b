/// One step of a request's life, in the order a request passes through them.
///
/// Phases are derived from span *durations* (never timestamps compared across hosts),
/// so they sum to the root span's duration and clock skew cannot make them negative.
public enum Phase: String, CaseIterable, Sendable, Codable {
    /// Envoy's own time: ingress − egress (only with an upstream egress span).
    case proxy
    /// Between Envoy and Triton: egress − InferRequest, or ingress − InferRequest
    /// ("proxy+network") when Envoy has no egress span.
    case network
    /// Triton's request handling and tensor transfer: InferRequest − top model span.
    case request
    /// COMPUTE_START − QUEUE_START.
    case queue
    /// COMPUTE_INPUT_END − COMPUTE_START.
    case input
    /// COMPUTE_OUTPUT_START − COMPUTE_INPUT_END.
    case infer
    /// COMPUTE_END − COMPUTE_OUTPUT_START.
    case output
    /// What remains inside the top model span.
    case other
}

/// Nanoseconds per phase; a phase that could not be derived is absent, never zero.
public struct PhaseDurations: Equatable, Sendable {
    public private(set) var values: [Phase: UInt64] = [:]

    public init(_ values: [Phase: UInt64] = [:]) { self.values = values }

    public subscript(_ p: Phase) -> UInt64? {
        get { values[p] }
        set { values[p] = newValue }
    }

    /// Sum of the phases present.
    public var total: UInt64 { values.values.reduce(0, +) }

    /// Phases present, in request order.
    public var present: [(Phase, UInt64)] { Phase.allCases.compactMap { p in values[p].map { (p, $0) } } }
}
