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
///
/// Stored inline (one slot per phase and a bit mask of those present), not in a
/// dictionary: tens of thousands are made per refresh, and none of them allocates.
public struct PhaseDurations: Equatable, Sendable {
    private var slots: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var presentMask: UInt8 = 0

    public init(_ values: [Phase: UInt64] = [:]) {
        for (p, v) in values { self[p] = v }
    }

    /// The phases present, as a dictionary.
    public var values: [Phase: UInt64] {
        var out: [Phase: UInt64] = [:]
        for (p, v) in present { out[p] = v }
        return out
    }

    private static func slot(_ p: Phase) -> Int {
        switch p {
        case .proxy: 0
        case .network: 1
        case .request: 2
        case .queue: 3
        case .input: 4
        case .infer: 5
        case .output: 6
        case .other: 7
        }
    }

    public subscript(_ p: Phase) -> UInt64? {
        get {
            let i = PhaseDurations.slot(p)
            guard presentMask & (1 << i) != 0 else { return nil }
            return withUnsafeBytes(of: slots) { $0.load(fromByteOffset: i * 8, as: UInt64.self) }
        }
        set {
            let i = PhaseDurations.slot(p)
            if let v = newValue {
                presentMask |= 1 << i
                withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: v, toByteOffset: i * 8, as: UInt64.self) }
            } else {
                presentMask &= ~(1 << i)
                withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: 0, toByteOffset: i * 8, as: UInt64.self) }
            }
        }
    }

    /// Sum of the phases present.
    public var total: UInt64 { present.reduce(0) { $0 + $1.1 } }

    /// Phases present, in request order.
    public var present: [(Phase, UInt64)] { Phase.allCases.compactMap { p in self[p].map { (p, $0) } } }

    public static func == (a: PhaseDurations, b: PhaseDurations) -> Bool {
        a.presentMask == b.presentMask && Phase.allCases.allSatisfy { a[$0] == b[$0] }
    }
}
