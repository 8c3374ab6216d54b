/// How long each step of one simulated request took, in milliseconds.
struct RequestTiming {
    var viaEnvoy: Bool
    var rejected: Bool
    var envoyInMs: Double
    var networkOutMs: Double
    var receiveMs: Double
    var queueMs: Double
    var inputMs: Double
    var inferMs: Double
    var outputMs: Double
    var respondMs: Double
    var networkBackMs: Double
    var envoyOutMs: Double

    /// Time inside Triton's model span.
    var modelMs: Double { rejected ? 0.05 : 0.05 + queueMs + inputMs + inferMs + outputMs }

    /// Time of Triton's `InferRequest` span.
    var inferRequestMs: Double { receiveMs + modelMs + respondMs }

    /// What the client waits, measured at Envoy.
    var totalMs: Double {
        viaEnvoy ? envoyInMs + networkOutMs + inferRequestMs + networkBackMs + envoyOutMs : inferRequestMs
    }
}
