/// How Envoy's spans look, which decides the edges Tempo can pair.
public enum EnvoySpanShape: String, Sendable, CaseIterable {
    /// SuperSONIC's collector rewrites Envoy's `ingress` span to CLIENT (and every other
    /// span to SERVER): Envoy → Triton edges, and no `user → envoy` edge.
    case supersonic
    /// Envoy's own shape: SERVER `ingress` plus a CLIENT `router … egress` child, so
    /// Tempo also pairs `user → envoy`.
    case raw
}

/// The knobs of the simulated deployment (`sonicmap demo` flags).
public struct DemoOptions: Equatable, Sendable {
    public var seed: UInt64
    /// True requests per second arriving at Envoy.
    public var rate: Double
    /// Envoy's tracing sampling (and Triton's own rate for requests without a parent).
    public var envoySampling: Double
    public var envoySpans: EnvoySpanShape

    public init(seed: UInt64 = 1, rate: Double = 400, envoySampling: Double = 0.01, envoySpans: EnvoySpanShape = .supersonic) {
        self.seed = seed
        self.rate = rate
        self.envoySampling = envoySampling
        self.envoySpans = envoySpans
    }
}
