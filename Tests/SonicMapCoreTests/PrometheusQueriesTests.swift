import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

@Suite struct PrometheusQueriesTests {
    private func reference(_ name: String) throws -> String {
        try Fixtures.text("prometheus/grafana_service_map_queries/\(name).promql")
    }

    /// Grafana's Tempo datasource sends these exact strings (window 300 s, no filter).
    @Test func grafanaQueriesMatchTheReferenceExactly() throws {
        let q = try ServiceGraphQueries(windowSeconds: 300)
        #expect(q.promQL(.serverSecondsSumRate) == (try reference("1a_traces_service_graph_request_server_seconds_sum")))
        #expect(q.promQL(.requestRate) == (try reference("2a_traces_service_graph_request_total")))
        #expect(q.promQL(.failedRate) == (try reference("3a_traces_service_graph_request_failed_total")))
        #expect(q.promQL(.connectionTypes) == (try reference("2b_traces_service_graph_request_total_labels")))
        // Grafana sums buckets over every `le`, which leaves nothing to take a quantile of; sonicmap keeps `le`.
        #expect(try reference("4a_traces_service_graph_request_server_seconds_bucket")
            == "sum by (client, server) (rate(traces_service_graph_request_server_seconds_bucket[300s]))")
        #expect(q.promQL(.serverBucketRates)
            == "sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[300s]))")
    }

    @Test func everyQueryWithFilterAndSelector() throws {
        let q = try ServiceGraphQueries(
            windowSeconds: 60, serviceGraphFilter: LabelSelector(parsing: #"client!="user""#),
            supersonicSelector: LabelSelector(parsing: #"release=~"supersonic""#))
        let expected: [ServiceGraphQueryID: String] = [
            .requestRate: #"sum by (client, server) (rate(traces_service_graph_request_total{client!="user"}[60s]))"#,
            .failedRate: #"sum by (client, server) (rate(traces_service_graph_request_failed_total{client!="user"}[60s]))"#,
            .serverSecondsSumRate: #"sum by (client, server) (rate(traces_service_graph_request_server_seconds_sum{client!="user"}[60s]))"#,
            .serverBucketRates: #"sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket{client!="user"}[60s]))"#,
            .clientSecondsSumRate: #"sum by (client, server) (rate(traces_service_graph_request_client_seconds_sum{client!="user"}[60s]))"#,
            .clientBucketRates: #"sum by (client, server, le) (rate(traces_service_graph_request_client_seconds_bucket{client!="user"}[60s]))"#,
            .connectionTypes: #"group by (client, connection_type, server) (traces_service_graph_request_total{client!="user"})"#,
            .inferRequestCallRate: #"sum by (service) (rate(traces_spanmetrics_calls_total{span_name="InferRequest"}[60s]))"#,
            .inferRequestErrorRate: #"sum by (service) (rate(traces_spanmetrics_calls_total{span_name="InferRequest", status_code="STATUS_CODE_ERROR"}[60s]))"#,
            .tritonInferenceRate: #"sum by (pod, model) (rate(nv_inference_count{release=~"supersonic"}[60s]))"#,
            .tritonExecutionRate: #"sum by (pod, model) (rate(nv_inference_exec_count{release=~"supersonic"}[60s]))"#,
            .tritonQueueMicrosRate: #"sum by (pod, model) (rate(nv_inference_queue_duration_us{release=~"supersonic"}[60s]))"#,
            .tritonComputeInputMicrosRate: #"sum by (pod, model) (rate(nv_inference_compute_input_duration_us{release=~"supersonic"}[60s]))"#,
            .tritonComputeInferMicrosRate: #"sum by (pod, model) (rate(nv_inference_compute_infer_duration_us{release=~"supersonic"}[60s]))"#,
            .tritonComputeOutputMicrosRate: #"sum by (pod, model) (rate(nv_inference_compute_output_duration_us{release=~"supersonic"}[60s]))"#,
            .gpuUtilization: #"avg by (pod) (nv_gpu_utilization{release=~"supersonic"})"#,
            .gpuMemoryUsedBytes: #"sum by (pod) (nv_gpu_memory_used_bytes{release=~"supersonic"})"#,
            .gpuMemoryTotalBytes: #"sum by (pod) (nv_gpu_memory_total_bytes{release=~"supersonic"})"#,
            .envoyRequestTimeSumRate: #"sum by (pod) (rate(envoy_http_downstream_rq_time_sum{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[60s]))"#,
            .envoyRequestTimeCountRate: #"sum by (pod) (rate(envoy_http_downstream_rq_time_count{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[60s]))"#,
            .serverNativeRates: #"sum by (client, server) (rate(traces_service_graph_request_server_seconds{client!="user"}[60s]))"#,
            .clientNativeRates: #"sum by (client, server) (rate(traces_service_graph_request_client_seconds{client!="user"}[60s]))"#,
            .spanCallRates: #"sum by (service, span_name, status_code) (rate(traces_spanmetrics_calls_total[60s]))"#,
            .inferRequestLatencyBucketRates: #"sum by (service, le) (rate(traces_spanmetrics_latency_bucket{span_name="InferRequest"}[60s]))"#,
            .inferRequestLatencyNativeRates: #"sum by (service) (rate(traces_spanmetrics_latency{span_name="InferRequest"}[60s]))"#,
            .tritonRequestSuccessRate: #"sum by (pod, model) (rate(nv_inference_request_success{release=~"supersonic"}[60s]))"#,
            .tritonRequestFailureRate: #"sum by (pod, model) (rate(nv_inference_request_failure{release=~"supersonic"}[60s]))"#,
            .envoyRequestTimeBucketRates: #"sum by (pod, le) (rate(envoy_http_downstream_rq_time_bucket{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[60s]))"#,
            .envoyResponseClassRates: #"sum by (pod, envoy_response_code_class) (rate(envoy_http_downstream_rq_xx{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[60s]))"#,
            .envoyUpstreamRequestRate: #"sum by (pod) (rate(envoy_cluster_upstream_rq_total{envoy_cluster_name=~".*triton.*", release=~"supersonic"}[60s]))"#,
        ]
        #expect(q.all.count == expected.count)
        for (id, promQL) in q.all { #expect(promQL == expected[id], "\(id)") }
    }

    /// A site's shared Prometheus: the service-graph filter's matchers on labels span metrics
    /// also carry (Tempo's external labels) reach the span-metrics queries; those on
    /// service-graph-only labels (`client`, `server`, …) would match nothing there and stay out.
    @Test func spanMetricsTakeTheFilterMatchersTheyCanCarry() throws {
        let q = try ServiceGraphQueries(
            windowSeconds: 60, serviceGraphFilter: LabelSelector(parsing: #"client!="user", cluster="cms", server_namespace="x""#),
            supersonicSelector: LabelSelector(parsing: #"release="a""#))
        #expect(q.promQL(.spanCallRates) == #"sum by (service, span_name, status_code) (rate(traces_spanmetrics_calls_total{cluster="cms"}[60s]))"#)
        #expect(q.promQL(.inferRequestCallRate) == #"sum by (service) (rate(traces_spanmetrics_calls_total{span_name="InferRequest", cluster="cms"}[60s]))"#)
        #expect(q.promQL(.serverNativeRates).contains(#"{client!="user", cluster="cms", server_namespace="x"}"#))
        #expect(q.promQL(.envoyUpstreamRequestRate).contains(#"release="a"}"#))
    }

    /// The set is fixed: 30 queries whether the graph has 2 nodes or 500, none naming a node.
    @Test func queryCountDoesNotDependOnTheGraph() throws {
        let q = try ServiceGraphQueries(windowSeconds: 300, serviceGraphFilter: LabelSelector(parsing: #"client!="user""#))
        #expect(ServiceGraphQueryID.allCases.count == 30)
        #expect(q.all.count == 30)
        #expect(Set(q.all.map(\.promQL)).count == 30)
        let small = ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-triton-74c49fcf8-rxzpm"]
        let large = (0..<250).map { "supersonic-envoy-58b98b5568-\($0)" } + (0..<250).map { "supersonic-triton-74c49fcf8-\($0)" }
        for node in small + large {
            #expect(!q.all.contains { $0.promQL.contains(node) })
        }
    }

    @Test func windowIsWholeSeconds() throws {
        #expect(try ServiceGraphQueries(windowSeconds: 900).promQL(.failedRate).hasSuffix("[900s]))"))
        #expect(try ServiceGraphQueries(windowSeconds: 29.6).windowSeconds == 30)
        for bad in [0, 0.4, -5, .infinity] {
            #expect(throws: ServiceGraphQueries.Error.invalidWindow(bad)) { try ServiceGraphQueries(windowSeconds: bad) }
        }
        #expect(throws: ServiceGraphQueries.Error.self) { try ServiceGraphQueries(windowSeconds: .nan) }
    }

    // MARK: label selectors

    @Test func parsesMatchersAsTyped() throws {
        let s = try LabelSelector(parsing: #" { release=~"supersonic" , namespace = 'cms',app!~`sonic.*`, } "#)
        #expect(s.matchers.map(\.name) == ["release", "namespace", "app"])
        #expect(s.matchers.map(\.op) == [.matchesRegex, .equal, .notMatchesRegex])
        #expect(s.matchers.map(\.value) == ["supersonic", "cms", "sonic.*"])
        #expect(s.description == #"release=~"supersonic", namespace="cms", app!~"sonic.*""#)
        #expect(try LabelSelector(parsing: "").isEmpty)
        #expect(try LabelSelector(parsing: " {} ").isEmpty)
        #expect(try LabelSelector(parsing: #"client!="user""#).description == #"client!="user""#)
    }

    @Test func escapesRoundTrip() throws {
        let s = try LabelSelector(parsing: #"a="q\"b\\c\n\t\u00e9\x41", b=`raw\n`"#)
        #expect(s.matchers[0].value == "q\"b\\c\n\té" + "A")
        #expect(s.matchers[1].value == #"raw\n"#)
        #expect(s.description == #"a="q\"b\\c\n\té"# + #"A", b="raw\\n""#)
        #expect(try LabelSelector(parsing: s.description) == s)
    }

    /// A value is always one string literal: quotes and braces inside it cannot change the query.
    @Test func valuesCannotEscapeTheirLiteral() throws {
        let hostile = #"x"}) or vector(1) # "#
        let matcher = try LabelMatcher(name: "client", op: .notEqual, value: hostile + "\u{1B}[31m\u{7F}")
        let q = try ServiceGraphQueries(windowSeconds: 300, serviceGraphFilter: LabelSelector([matcher]))
        #expect(q.promQL(.requestRate)
            == #"sum by (client, server) (rate(traces_service_graph_request_total{client!="x\"}) or vector(1) # \u001b[31m\u007f"}[300s]))"#)
    }

    @Test func rejectsBadSelectors() {
        let bad = [
            #"1abc="x""#, #"client"#, #"client=="x""#, #"client="x"#, #"client=x"#, #"{client="x""#,
            #"client="x" server="y""#, #"client="\q""#, #"client="\x""#, #"client="\xff""#, "client=\"a\nb\"",
            #"cli-ent="x""#, #"client="x"}"#, #",client="x""#,
        ]
        for text in bad {
            #expect(throws: LabelSelector.Error.self, "\(text)") { try LabelSelector(parsing: text) }
        }
        #expect(throws: LabelSelector.Error.invalidLabelName("a b")) { try LabelMatcher(name: "a b", op: .equal, value: "") }
        #expect(throws: LabelSelector.Error.invalidLabelName("")) { try LabelMatcher(name: "", op: .equal, value: "") }
    }
}
