import SonicMapCore

/// The cumulative series the simulated servers expose, as Prometheus would store them:
/// Tempo's service-graph and span-metrics counters, Triton's `nv_inference_*` and
/// Envoy's `downstream_rq_time`. Counters only grow.
public struct DemoCounters: Equatable, Sendable {
    /// `traces_service_graph_request_*` of one client/server/connection_type series.
    public struct Edge: Equatable, Sendable {
        public var connectionType: ConnectionType
        public var total = 0.0
        public var failed = 0.0
        public var serverSum = 0.0
        public var clientSum = 0.0
        public var server = Histogram(bounds: Histogram.tempoDefaultBounds)
        public var client = Histogram(bounds: Histogram.tempoDefaultBounds)
    }

    /// `nv_inference_*` of one model on one pod (durations in microseconds).
    public struct Model: Equatable, Sendable {
        public var count = 0.0
        public var queueUs = 0.0
        public var inputUs = 0.0
        public var inferUs = 0.0
        public var outputUs = 0.0
    }

    /// One Triton pod: per-model counters and GPU busy seconds.
    public struct Triton: Equatable, Sendable {
        public var models: [String: Model] = [:]
        public var gpuBusySeconds = 0.0
    }

    /// `envoy_http_downstream_rq_time_{count,sum}` (milliseconds) of one Envoy pod.
    public struct Envoy: Equatable, Sendable {
        public var count = 0.0
        public var sumMs = 0.0
    }

    public var edges: [EdgeKey: Edge] = [:]
    /// `traces_spanmetrics_calls_total{span_name="InferRequest"}` by service.
    public var inferRequestCalls: [String: Double] = [:]
    public var triton: [String: Triton] = [:]
    public var envoy: [String: Envoy] = [:]

    /// Adds one paired request, as Tempo's `onComplete` does.
    public mutating func record(_ p: PairedEdge) {
        var e = edges[p.key] ?? Edge(connectionType: p.connectionType)
        e.total += 1
        if p.failed { e.failed += 1 }
        e.serverSum += p.serverSeconds
        e.clientSum += p.clientSeconds
        e.server.observe(p.serverSeconds)
        e.client.observe(p.clientSeconds)
        edges[p.key] = e
    }
}
