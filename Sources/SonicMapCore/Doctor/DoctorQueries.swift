/// The questions `sonicmap doctor` asks: a fixed set of PromQL instant queries, the
/// exemplar selector and the Tempo searches. Pure text; Sources sends them.
public struct DoctorQueries: Equatable, Sendable {
    /// Triton's root span, one per inference request.
    public static let inferRequestSearch = #"{ name = "InferRequest" }"#
    /// Any trace, for deployments without Triton.
    public static let anyTraceSearch = "{}"
    /// Hits asked of each search.
    public static let searchLimit = 20
    /// Traces fetched to look at span kinds, service names and orphans.
    public static let traceFetchLimit = 3

    /// The map's own queries for the same window and filters: the doctor asks about what
    /// the map would show, with the same validation of the window.
    public let map: ServiceGraphQueries

    /// `windowSeconds` is rounded to whole seconds and must be at least 1.
    public init(
        windowSeconds: Double, serviceGraphFilter: LabelSelector = LabelSelector(),
        supersonicSelector: LabelSelector = LabelSelector()
    ) throws(ServiceGraphQueries.Error) {
        map = try ServiceGraphQueries(windowSeconds: windowSeconds, serviceGraphFilter: serviceGraphFilter, supersonicSelector: supersonicSelector)
    }

    /// The `[…s]` range of every `rate()` and `last_over_time()`, whole seconds.
    public var windowSeconds: Int { map.windowSeconds }
    /// Matchers added to the service-graph selectors (as the map adds them).
    public var serviceGraphFilter: LabelSelector { map.serviceGraphFilter }
    /// Matchers added to the Triton and Envoy selectors (as the map adds them).
    public var supersonicSelector: LabelSelector { map.supersonicSelector }

    /// Every query, in `DoctorQueryID` order.
    public var all: [(id: DoctorQueryID, promQL: String)] {
        DoctorQueryID.allCases.map { ($0, promQL($0)) }
    }

    /// The PromQL text of one query.
    public func promQL(_ id: DoctorQueryID) -> String {
        switch id {
        case .serviceGraphSeries:
            "count by (connection_type) (last_over_time(traces_service_graph_request_total\(range)))"
        case .edgeRates:
            "sum by (client, server, connection_type) (rate(\(serviceGraphFilter.selecting("traces_service_graph_request_total"))\(range)))"
        case .spanCalls:
            "sum by (service, span_name, span_kind) (rate(\(LabelSelector().selecting("traces_spanmetrics_calls_total", [Self.identifyingSpans]))\(range)))"
        case .spanMetricsSeries:
            "count(last_over_time(traces_spanmetrics_calls_total\(range)))"
        case .tritonPods:
            "count by (pod) (last_over_time(\(supersonicSelector.selecting("nv_inference_count"))\(range)))"
        case .envoyConnectionManagers:
            "count by (pod, envoy_http_conn_manager_prefix) (last_over_time(\(supersonicSelector.selecting("envoy_http_downstream_rq_time_count"))\(range)))"
        case .envoyResponseClasses: map.promQL(.envoyResponseClassRates)
        case .envoyUpstreamRequests: map.promQL(.envoyUpstreamRequestRate)
        }
    }

    /// The series whose exemplars link the map to traces: the server-seconds buckets.
    public var exemplarSelector: String {
        serviceGraphFilter.selecting("traces_service_graph_request_server_seconds_bucket")
    }

    /// Envoy's downstream span (`ingress`), its upstream span (`router <cluster> egress`),
    /// an outbound listener's `egress <host>`, and Triton's `InferRequest`.
    static let identifyingSpans = LabelMatcher(fixed: "span_name", .matchesRegex, "InferRequest|ingress|router .+ egress|egress .+")

    private var range: String { "[\(windowSeconds)s]" }
}
