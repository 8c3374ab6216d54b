/// Names the PromQL instant queries `sonicmap doctor` sends, so each answer maps back to
/// what it means. The set is fixed and small: however big the deployment, a diagnosis
/// costs these queries, one exemplar query and the build info.
public enum DoctorQueryID: String, CaseIterable, Sendable {
    /// Service-graph series seen in the window, counted by `connection_type`, without the
    /// user's filter (so a filter that hides everything can be told apart from no data).
    case serviceGraphSeries
    /// Service-graph request rate per edge and `connection_type`, with the filter.
    case edgeRates
    /// Span-metrics call rates of the spans that tell Envoy and Triton apart
    /// (`InferRequest`, `ingress`, Envoy's egress spans), by service, name and kind.
    case spanCalls
    /// Span-metrics series seen in the window, any span.
    case spanMetricsSeries
    /// Triton pods reporting `nv_inference_count` in the window.
    case tritonPods
    /// Envoy pods and connection managers reporting `envoy_http_downstream_rq_time_count`
    /// (the downstream request time the map shows) in the window.
    case envoyConnectionManagers
    /// Envoy's answers by response code class on the ingress listener, per pod (the map's query).
    case envoyResponseClasses
    /// Requests Envoy sent on to Triton, per pod (the map's query): the rest it answered itself.
    case envoyUpstreamRequests
}
