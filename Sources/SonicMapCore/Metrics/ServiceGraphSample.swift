/// The kind of connection an edge stands for, as Tempo's `connection_type` label says.
public enum ConnectionType: String, Sendable, Codable, CaseIterable {
    /// No label: two instrumented services.
    case plain = ""
    case virtualNode = "virtual_node"
    case database = "database"
    case messagingSystem = "messaging_system"

    public init(label: String?) {
        self = ConnectionType(rawValue: label ?? "") ?? .plain
    }
}

/// One client → server pair, the way the service-graph series key it.
public struct EdgeKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var client: String
    public var server: String

    public init(client: String, server: String) {
        self.client = client
        self.server = server
    }

    public static func < (a: EdgeKey, b: EdgeKey) -> Bool { (a.client, a.server) < (b.client, b.server) }

    /// `client→server`, the key used in snapshots.
    public var description: String { "\(client)→\(server)" }
}

/// Rates of one service-graph edge over the window, as the Prometheus queries return them.
public struct EdgeSample: Equatable, Sendable {
    public var key: EdgeKey
    public var connectionType: ConnectionType
    /// `rate(traces_service_graph_request_total)`, requests per second.
    public var requestRate: Double
    /// `rate(traces_service_graph_request_failed_total)`.
    public var failedRate: Double
    /// `rate(…_server_seconds_sum)`; with `requestRate` it gives Grafana's average.
    public var serverSecondsSumRate: Double?
    /// `rate(…_server_seconds_bucket)` by `le`.
    public var serverBuckets: Histogram?
    public var clientSecondsSumRate: Double?
    public var clientBuckets: Histogram?
    /// `native` when both histograms are native ones (the bare metric name), `classic` otherwise.
    public var latencySource: LatencySource

    public init(
        key: EdgeKey, connectionType: ConnectionType = .plain, requestRate: Double, failedRate: Double = 0,
        serverSecondsSumRate: Double? = nil, serverBuckets: Histogram? = nil,
        clientSecondsSumRate: Double? = nil, clientBuckets: Histogram? = nil, latencySource: LatencySource = .classic
    ) {
        self.latencySource = latencySource
        self.key = key
        self.connectionType = connectionType
        self.requestRate = requestRate
        self.failedRate = failedRate
        self.serverSecondsSumRate = serverSecondsSumRate
        self.serverBuckets = serverBuckets
        self.clientSecondsSumRate = clientSecondsSumRate
        self.clientBuckets = clientBuckets
    }
}

/// Triton's own metrics for one pod over the window (`nv_inference_*`, `nv_gpu_*`).
public struct TritonPodMetrics: Equatable, Sendable {
    /// `rate(nv_inference_count)`: inferences per second.
    public var inferencesPerSecond: Double
    /// `rate(nv_inference_exec_count)`: model executions per second.
    public var executionsPerSecond: Double
    /// Milliseconds per execution, from `nv_inference_{queue,compute_input,compute_infer,compute_output}_duration_us`.
    public var queueMs: Double?
    public var inputMs: Double?
    public var inferMs: Double?
    public var outputMs: Double?
    /// `nv_gpu_utilization`, 0…1.
    public var gpuUtilization: Double?
    /// `nv_gpu_memory_used_bytes / nv_gpu_memory_total_bytes`.
    public var gpuMemoryRatio: Double?
    /// The same split per model served by the pod.
    public var models: [String: TritonModelMetrics]
    /// `rate(nv_inference_request_success) + rate(nv_inference_request_failure)`: requests
    /// per second, every one of them (nil when Triton's request counters are not scraped).
    public var requestsPerSecond: Double?
    /// `rate(nv_inference_request_failure)`.
    public var failuresPerSecond: Double?

    public init(
        inferencesPerSecond: Double, executionsPerSecond: Double, queueMs: Double? = nil, inputMs: Double? = nil,
        inferMs: Double? = nil, outputMs: Double? = nil, gpuUtilization: Double? = nil, gpuMemoryRatio: Double? = nil,
        models: [String: TritonModelMetrics] = [:], requestsPerSecond: Double? = nil, failuresPerSecond: Double? = nil
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.failuresPerSecond = failuresPerSecond
        self.inferencesPerSecond = inferencesPerSecond
        self.executionsPerSecond = executionsPerSecond
        self.queueMs = queueMs
        self.inputMs = inputMs
        self.inferMs = inferMs
        self.outputMs = outputMs
        self.gpuUtilization = gpuUtilization
        self.gpuMemoryRatio = gpuMemoryRatio
        self.models = models
    }

    /// compute input + infer + output, when all three are known.
    public var computeMs: Double? {
        guard let i = inputMs, let f = inferMs, let o = outputMs else { return nil }
        return i + f + o
    }
}

/// Triton metrics of one model on one pod.
public struct TritonModelMetrics: Equatable, Sendable {
    public var inferencesPerSecond: Double
    public var queueMs: Double?
    public var computeMs: Double?
    /// Requests per second (success + failure), when Triton's request counters are scraped.
    public var requestsPerSecond: Double?
    public var failuresPerSecond: Double?

    public init(
        inferencesPerSecond: Double, queueMs: Double? = nil, computeMs: Double? = nil, requestsPerSecond: Double? = nil,
        failuresPerSecond: Double? = nil
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.failuresPerSecond = failuresPerSecond
        self.inferencesPerSecond = inferencesPerSecond
        self.queueMs = queueMs
        self.computeMs = computeMs
    }
}

/// Envoy's own metrics for one pod over the window.
public struct EnvoyPodMetrics: Equatable, Sendable {
    /// `rate(envoy_http_downstream_rq_time_count)` for the ingress listener.
    public var downstreamRequestsPerSecond: Double
    /// Average downstream request time in ms (`_sum / _count`).
    public var downstreamRequestMs: Double?
    /// `rate(envoy_http_downstream_rq_time_bucket)` by `le`, converted to seconds: Envoy's
    /// own request time, a classic histogram.
    public var downstreamTime: Histogram?
    /// `rate(envoy_http_downstream_rq_xx)` by response code class (`"2"`, `"4"`, `"5"`).
    public var responseClasses: [String: Double]
    /// `rate(envoy_cluster_upstream_rq_total)`: requests Envoy sent on to an upstream.
    public var upstreamRequestsPerSecond: Double?

    public init(
        downstreamRequestsPerSecond: Double, downstreamRequestMs: Double? = nil, downstreamTime: Histogram? = nil,
        responseClasses: [String: Double] = [:], upstreamRequestsPerSecond: Double? = nil
    ) {
        self.downstreamTime = downstreamTime
        self.responseClasses = responseClasses
        self.upstreamRequestsPerSecond = upstreamRequestsPerSecond
        self.downstreamRequestsPerSecond = downstreamRequestsPerSecond
        self.downstreamRequestMs = downstreamRequestMs
    }
}

/// Span-metrics rates of one service's `InferRequest` spans, which see every request
/// Triton traced (sampled upstream or not).
public struct SpanCallRates: Equatable, Sendable {
    public var callsPerSecond: Double
    public var errorsPerSecond: Double

    public init(callsPerSecond: Double, errorsPerSecond: Double = 0) {
        self.callsPerSecond = callsPerSecond
        self.errorsPerSecond = errorsPerSecond
    }
}

extension EnvoyPodMetrics {
    /// Requests Envoy answered itself with an error (rate limit 429, auth 401/403, no
    /// healthy upstream 503 …): never forwarded, so never on an Envoy → Triton edge.
    /// Downstream requests minus those sent upstream when both are scraped, else the
    /// 4xx and 5xx answers (which then include errors Triton returned).
    public var rejectedPerSecond: Double? {
        if let up = upstreamRequestsPerSecond { return max(0, downstreamRequestsPerSecond - up) }
        guard !responseClasses.isEmpty else { return nil }
        return (responseClasses["4"] ?? 0) + (responseClasses["5"] ?? 0)
    }

    /// Whether `rejectedPerSecond` counts only what was never forwarded.
    public var rejectedIsExact: Bool { upstreamRequestsPerSecond != nil }
}

/// One (service, span name) series of Tempo's span metrics.
public struct SpanKey: Hashable, Comparable, Sendable {
    public var service: String
    public var spanName: String

    public init(service: String, spanName: String) {
        self.service = service
        self.spanName = spanName
    }

    public static func < (a: SpanKey, b: SpanKey) -> Bool { (a.service, a.spanName) < (b.service, b.spanName) }
}

/// A histogram of one thing's latency with what kind of buckets it has.
public struct SourcedHistogram: Equatable, Sendable {
    public var histogram: Histogram
    /// `rate(…_sum)`, seconds per second, when known.
    public var sumRate: Double?
    public var source: LatencySource

    public init(histogram: Histogram, sumRate: Double? = nil, source: LatencySource) {
        self.histogram = histogram
        self.sumRate = sumRate
        self.source = source
    }
}

/// Everything the metrics side of one refresh produced: plain values, whichever
/// source (Prometheus, the demo simulator, a snapshot) they came from.
public struct ServiceGraphSample: Equatable, Sendable {
    /// Evaluation time, Unix seconds.
    public var time: Double
    public var windowSeconds: Double
    public var edges: [EdgeSample]
    public var triton: [String: TritonPodMetrics]
    public var envoy: [String: EnvoyPodMetrics]
    /// Keyed by service name.
    public var inferRequestCalls: [String: SpanCallRates]
    /// Span-metrics call and error rates of every span name (model spans among them).
    public var spanCalls: [SpanKey: SpanCallRates]
    /// `traces_spanmetrics_latency` of each service's `InferRequest` spans: native when
    /// Prometheus has it, else the classic buckets.
    public var inferRequestLatency: [String: SourcedHistogram]

    public init(
        time: Double, windowSeconds: Double, edges: [EdgeSample], triton: [String: TritonPodMetrics] = [:],
        envoy: [String: EnvoyPodMetrics] = [:], inferRequestCalls: [String: SpanCallRates] = [:],
        spanCalls: [SpanKey: SpanCallRates] = [:], inferRequestLatency: [String: SourcedHistogram] = [:]
    ) {
        self.spanCalls = spanCalls
        self.inferRequestLatency = inferRequestLatency
        self.time = time
        self.windowSeconds = windowSeconds
        self.edges = edges
        self.triton = triton
        self.envoy = envoy
        self.inferRequestCalls = inferRequestCalls
    }
}
