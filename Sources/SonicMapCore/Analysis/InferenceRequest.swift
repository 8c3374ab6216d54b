/// One inference request found in a trace: a Triton `InferRequest` span with the Envoy
/// spans above it and the model spans below.
public struct InferenceRequest: Equatable, Sendable {
    /// Every span of the request, in trace order.
    public var spanIDs: [SpanID]
    /// The service that called Triton (the Envoy pod, or `user` for a direct request);
    /// nil for an orphan, whose caller was never sampled.
    public var client: String?
    /// The Triton service (pod).
    public var server: String
    /// The top model span's name (the ensemble for ensembles).
    public var model: String
    /// The InferRequest's parent span is missing from the trace.
    public var orphan: Bool
    /// Envoy had no egress span, so `network` includes Envoy's own time ("proxy+network").
    public var networkIncludesProxy: Bool
    public var phases: PhaseDurations
    /// Every model span with its own phases (one for plain models, several for ensembles and BLS).
    public var steps: [ModelStep]
    /// The root of the request: Envoy's ingress, or InferRequest for a direct request or an orphan.
    public var rootSpanID: SpanID
    public var rootDurationNanos: UInt64
    /// The `InferRequest` span's own duration: the server side of the request.
    public var inferDurationNanos: UInt64
    /// The `InferRequest` span's status is an error.
    public var failed: Bool

    public init(
        spanIDs: [SpanID], client: String?, server: String, model: String, orphan: Bool, networkIncludesProxy: Bool,
        phases: PhaseDurations, steps: [ModelStep], rootSpanID: SpanID, rootDurationNanos: UInt64, inferDurationNanos: UInt64 = 0,
        failed: Bool = false
    ) {
        self.inferDurationNanos = inferDurationNanos
        self.failed = failed
        self.spanIDs = spanIDs
        self.client = client
        self.server = server
        self.model = model
        self.orphan = orphan
        self.networkIncludesProxy = networkIncludesProxy
        self.phases = phases
        self.steps = steps
        self.rootSpanID = rootSpanID
        self.rootDurationNanos = rootDurationNanos
    }
}

extension InferenceRequest {
    /// The top model span's duration in seconds: the phases inside it (queue, compute,
    /// other), which sum to it; nil when none could be derived.
    public var modelSeconds: Double? {
        let inside: [Phase] = [.queue, .input, .infer, .output, .other]
        let parts = inside.compactMap { phases[$0] }
        return parts.isEmpty ? nil : Double(parts.reduce(0, +)) / 1e9
    }
}

/// One model span's own phases.
public struct ModelStep: Equatable, Sendable {
    public var model: String
    public var spanID: SpanID
    public var phases: PhaseDurations

    public init(model: String, spanID: SpanID, phases: PhaseDurations) {
        self.model = model
        self.spanID = spanID
        self.phases = phases
    }
}
