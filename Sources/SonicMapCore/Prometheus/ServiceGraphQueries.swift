/// The PromQL instant queries of one map refresh: Grafana's service-map set, plus
/// client-side latency, span metrics, and SuperSONIC's Triton and Envoy metrics.
///
/// The service-graph queries match Grafana's Tempo datasource text exactly where Grafana
/// has them, except that buckets keep `le` so quantiles can be taken. The set and its size
/// are fixed (`ServiceGraphQueryID.allCases`); no query names a node.
public struct ServiceGraphQueries: Equatable, Sendable {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case invalidWindow(Double)

        public var description: String {
            switch self {
            case let .invalidWindow(w): "the rate window must be at least 1 s, not \(w)"
            }
        }
    }

    /// The `[…s]` range of every `rate()`, whole seconds.
    public let windowSeconds: Int
    /// Matchers added to every `traces_service_graph_*` selector (e.g. `client!="user"`,
    /// which Grafana's SuperSONIC panel uses). Empty by default: all edges.
    public let serviceGraphFilter: LabelSelector
    /// Matchers added to every Triton and Envoy selector (e.g. `release=~"supersonic"`).
    public let supersonicSelector: LabelSelector

    /// `windowSeconds` is rounded to whole seconds and must be at least 1.
    public init(
        windowSeconds: Double, serviceGraphFilter: LabelSelector = LabelSelector(),
        supersonicSelector: LabelSelector = LabelSelector()
    ) throws(Error) {
        guard windowSeconds.isFinite, windowSeconds.rounded() >= 1, windowSeconds < 1e9 else {
            throw .invalidWindow(windowSeconds)
        }
        self.windowSeconds = Int(windowSeconds.rounded())
        self.serviceGraphFilter = serviceGraphFilter
        self.supersonicSelector = supersonicSelector
    }

    /// Every query of a refresh, in `ServiceGraphQueryID` order.
    public var all: [(id: ServiceGraphQueryID, promQL: String)] {
        ServiceGraphQueryID.allCases.map { ($0, promQL($0)) }
    }

    /// The PromQL text of one query.
    public func promQL(_ id: ServiceGraphQueryID) -> String {
        switch id {
        case .requestRate: edgeRate("traces_service_graph_request_total")
        case .failedRate: edgeRate("traces_service_graph_request_failed_total")
        case .serverSecondsSumRate: edgeRate("traces_service_graph_request_server_seconds_sum")
        case .serverBucketRates: edgeRate("traces_service_graph_request_server_seconds_bucket", by: "client, server, le")
        case .clientSecondsSumRate: edgeRate("traces_service_graph_request_client_seconds_sum")
        case .clientBucketRates: edgeRate("traces_service_graph_request_client_seconds_bucket", by: "client, server, le")
        case .connectionTypes:
            "group by (client, connection_type, server) (\(serviceGraphFilter.selecting("traces_service_graph_request_total")))"
        case .serverNativeRates: edgeRate("traces_service_graph_request_server_seconds")
        case .clientNativeRates: edgeRate("traces_service_graph_request_client_seconds")
        case .inferRequestCallRate: inferRequestRate([])
        case .inferRequestErrorRate: inferRequestRate([LabelMatcher(fixed: "status_code", .equal, "STATUS_CODE_ERROR")])
        case .spanCallRates:
            "sum by (service, span_name, status_code) (rate(\(spanMetricsFilter.selecting("traces_spanmetrics_calls_total"))\(range)))"
        case .inferRequestLatencyBucketRates: inferRequestLatency("traces_spanmetrics_latency_bucket", by: "service, le")
        case .inferRequestLatencyNativeRates: inferRequestLatency("traces_spanmetrics_latency", by: "service")
        case .tritonInferenceRate: tritonRate("nv_inference_count")
        case .tritonExecutionRate: tritonRate("nv_inference_exec_count")
        case .tritonQueueMicrosRate: tritonRate("nv_inference_queue_duration_us")
        case .tritonComputeInputMicrosRate: tritonRate("nv_inference_compute_input_duration_us")
        case .tritonComputeInferMicrosRate: tritonRate("nv_inference_compute_infer_duration_us")
        case .tritonComputeOutputMicrosRate: tritonRate("nv_inference_compute_output_duration_us")
        case .tritonRequestSuccessRate: tritonRate("nv_inference_request_success")
        case .tritonRequestFailureRate: tritonRate("nv_inference_request_failure")
        case .gpuUtilization: "avg by (pod) (\(supersonicSelector.selecting("nv_gpu_utilization")))"
        case .gpuMemoryUsedBytes: "sum by (pod) (\(supersonicSelector.selecting("nv_gpu_memory_used_bytes")))"
        case .gpuMemoryTotalBytes: "sum by (pod) (\(supersonicSelector.selecting("nv_gpu_memory_total_bytes")))"
        case .envoyRequestTimeSumRate: envoyRate("envoy_http_downstream_rq_time_sum")
        case .envoyRequestTimeCountRate: envoyRate("envoy_http_downstream_rq_time_count")
        case .envoyRequestTimeBucketRates: envoyRate("envoy_http_downstream_rq_time_bucket", by: "pod, le")
        case .envoyResponseClassRates: envoyRate("envoy_http_downstream_rq_xx", by: "pod, envoy_response_code_class")
        case .envoyUpstreamRequestRate:
            // Only what went on to Triton: Envoy's tracing exporter is an upstream cluster too.
            "sum by (pod) (rate(\(supersonicSelector.selecting("envoy_cluster_upstream_rq_total", [LabelMatcher(fixed: "envoy_cluster_name", .matchesRegex, ".*triton.*")]))\(range)))"
        }
    }

    private var range: String { "[\(windowSeconds)s]" }

    private func edgeRate(_ metric: String, by labels: String = "client, server") -> String {
        "sum by (\(labels)) (rate(\(serviceGraphFilter.selecting(metric))\(range)))"
    }

    /// Labels only the service-graph series carry. Span metrics come from the same Tempo
    /// (and so carry the same external labels), but have none of these.
    static let serviceGraphOnlyLabels: Set<String> = ["client", "server", "connection_type", "failed"]

    /// The service-graph filter as it applies to span metrics: the matchers on labels both
    /// carry (a site's `cluster`, `namespace`, Tempo's external labels); matchers on
    /// `client`, `server` and the like would match nothing there and are left out.
    var spanMetricsFilter: LabelSelector {
        LabelSelector(serviceGraphFilter.matchers.filter { m in
            !ServiceGraphQueries.serviceGraphOnlyLabels.contains(m.name) && !m.name.hasPrefix("client_") && !m.name.hasPrefix("server_")
        })
    }

    private func inferRequestRate(_ extra: [LabelMatcher]) -> String {
        let selector = spanMetricsFilter.selecting(
            "traces_spanmetrics_calls_total", [LabelMatcher(fixed: "span_name", .equal, "InferRequest")] + extra)
        return "sum by (service) (rate(\(selector)\(range)))"
    }

    private func inferRequestLatency(_ metric: String, by labels: String) -> String {
        let selector = spanMetricsFilter.selecting(metric, [LabelMatcher(fixed: "span_name", .equal, "InferRequest")])
        return "sum by (\(labels)) (rate(\(selector)\(range)))"
    }

    private func tritonRate(_ metric: String) -> String {
        "sum by (pod, model) (rate(\(supersonicSelector.selecting(metric))\(range)))"
    }

    /// SuperSONIC's Envoy serves gRPC on the `ingress_grpc` connection manager.
    private func envoyRate(_ metric: String, by labels: String = "pod") -> String {
        let selector = supersonicSelector.selecting(metric, [LabelMatcher(fixed: "envoy_http_conn_manager_prefix", .equal, "ingress_grpc")])
        return "sum by (\(labels)) (rate(\(selector)\(range)))"
    }
}
