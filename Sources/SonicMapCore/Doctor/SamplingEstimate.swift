/// An estimate of Envoy's tracing sampling rate from two rates the metrics already hold.
///
/// Only sampled requests form Envoy → Triton service-graph edges, while Triton traces
/// every request that carries a `traceparent` (Envoy sends one whether it sampled or not),
/// so Triton's `InferRequest` span metrics count them all. Requests that reach Triton
/// without Envoy show up as `user` → Triton edges and are taken out first:
///
///     ratio = Σ rate(Envoy → Triton) / (Σ rate(InferRequest) − Σ rate(user → Triton))
public struct SamplingEstimate: Equatable, Sendable {
    /// Sampled requests per second on Envoy → Triton edges.
    public var sampledRate: Double
    /// `InferRequest` spans per second over the Triton services.
    public var tritonRate: Double
    /// Requests per second reaching Triton without Envoy (`user` → Triton).
    public var directRate: Double
    /// The estimated fraction of requests Envoy samples.
    public var ratio: Double

    public init(sampledRate: Double, tritonRate: Double, directRate: Double) {
        self.sampledRate = sampledRate
        self.tritonRate = tritonRate
        self.directRate = directRate
        ratio = sampledRate / (tritonRate - directRate)
    }

    /// Envoy samples (about) every request: within 5 % of all, what counter noise allows.
    /// The sampled figures are then complete and no sampling rate needs declaring.
    public var isComplete: Bool { ratio >= 0.95 }

    /// The estimate from `evidence`; nil when it lacks either rate (no Triton span
    /// metrics, or no traffic through Envoy to compare with).
    public static func estimate(_ evidence: MapEvidence) -> SamplingEstimate? {
        guard case .success(let edges)? = evidence.edges, case .success(let calls)? = evidence.spanCalls else { return nil }
        let triton = calls.filter { $0.spanName == "InferRequest" && evidence.role(of: $0.service) == .triton }
        let tritonServices = Set(triton.map(\.service))
        let tritonRate = triton.reduce(0) { $0 + $1.rate }
        var sampled = 0.0
        var direct = 0.0
        for edge in edges where tritonServices.contains(edge.key.server) {
            if edge.key.client == ServiceGraphPairing.userNode {
                direct += edge.rate
            } else if edge.connectionType == .plain && evidence.role(of: edge.key.client) == .envoy {
                sampled += edge.rate
            }
        }
        guard tritonRate - direct > 0, tritonRate > 0 else { return nil }
        return SamplingEstimate(sampledRate: sampled, tritonRate: tritonRate, directRate: direct)
    }
}
