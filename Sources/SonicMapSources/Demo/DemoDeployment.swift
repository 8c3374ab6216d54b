/// The simulated SuperSONIC deployment: who runs, what they serve, how fast.
///
/// Two Envoy pods and six Triton pods of one ReplicaSet, plus one pod of an older
/// ReplicaSet that Envoy stops sending to over the first 90 seconds. Pod `b658d` has a
/// throttled GPU: inference there takes 1.6 times as long, so it queues under bursts.
public struct DemoDeployment: Sendable {
    public struct Model: Sendable {
        public var name: String
        public var share: Double
        /// Median milliseconds of the compute phases on a healthy GPU.
        public var inputMs: Double
        public var inferMs: Double
        public var outputMs: Double
    }

    public struct TritonPod: Sendable {
        public var name: String
        public var gpuSlowdown: Double
        /// Seconds of simulated time over which Envoy stops sending here (nil: always in service).
        public var drainsBy: Double?
    }

    public var envoys: [String]
    public var tritons: [TritonPod]
    public var models: [Model]
    /// Fraction of requests sent straight to Triton, bypassing Envoy.
    public var directFraction: Double
    /// Chance that Triton rejects a request with gRPC UNAVAILABLE when it is not overloaded.
    public var baseErrorRate: Double
    /// Requests a pod queues before rejecting new ones with UNAVAILABLE.
    public var maxQueue: Double
    /// Envoy's local rate limit, requests per second over all Envoy pods: above it Envoy
    /// answers 429 itself and the request never reaches Triton (nil: no limit).
    public var envoyRateLimit: Double? = nil

    public static let supersonic = DemoDeployment(
        envoys: ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-envoy-58b98b5568-k2x7p"],
        tritons: [
            TritonPod(name: "supersonic-triton-74c49fcf8-rxzpm", gpuSlowdown: 1, drainsBy: nil),
            TritonPod(name: "supersonic-triton-74c49fcf8-kqm9p", gpuSlowdown: 1, drainsBy: nil),
            TritonPod(name: "supersonic-triton-74c49fcf8-b658d", gpuSlowdown: 1.6, drainsBy: nil),
            TritonPod(name: "supersonic-triton-74c49fcf8-cvht4", gpuSlowdown: 1, drainsBy: nil),
            TritonPod(name: "supersonic-triton-74c49fcf8-945cg", gpuSlowdown: 1, drainsBy: nil),
            TritonPod(name: "supersonic-triton-74c49fcf8-5n2nw", gpuSlowdown: 1, drainsBy: nil),
            TritonPod(name: "supersonic-triton-6d8f9b7c5-x4q2z", gpuSlowdown: 1, drainsBy: 90),
        ],
        models: [
            Model(name: "deeptau_2018v2p5", share: 0.5, inputMs: 0.35, inferMs: 5.2, outputMs: 0.12),
            Model(name: "particlenet_AK4", share: 0.3, inputMs: 0.25, inferMs: 3.1, outputMs: 0.08),
            Model(name: "higgsInteractionNet", share: 0.2, inputMs: 0.5, inferMs: 8.4, outputMs: 0.2),
        ],
        directFraction: 0.02,
        baseErrorRate: 0.003,
        maxQueue: 40,
        envoyRateLimit: 800)

    /// Mean service time of one request on a healthy GPU, seconds.
    public var meanServiceSeconds: Double {
        models.map { $0.share * ($0.inputMs + $0.inferMs + $0.outputMs) }.reduce(0, +) / 1000
    }
}
