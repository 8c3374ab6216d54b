import Foundation
import Testing
@testable import SonicMapCore

@Suite struct PrometheusAssemblerTests {
    private static func decode(_ body: String) throws -> PrometheusResult {
        try PrometheusResponse(queryBody: Data(body.utf8), httpStatus: 200).data
    }

    private static func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    // MARK: Grafana's service-map answers (Tests/Fixtures/prometheus/grafana_service_map_queries)

    /// Grafana's bucket query sums over every `le` (reference 4a), so the per-`le` answer is
    /// rebuilt from it: in this synthetic data each edge's requests all fall in one bucket
    /// (4a / number of buckets at or above it: postgres 9, kafka 5, checkout 7, frontend 9).
    private static func bucketsByLe() -> String {
        let bounds = ["0.1", "0.2", "0.4", "0.8", "1.6", "3.2", "6.4", "12.8", "+Inf"]
        let edges: [(client: String, server: String, grafanaSum: Double, filled: Int)] = [
            ("checkout", "postgres", 8.695845000000002, 9), ("checkout", "kafka-consumer", 1.6103416666666668, 5),
            ("frontend", "checkout", 2.2544783333333336, 7), ("user", "frontend", 5.79723, 9),
        ]
        var items: [String] = []
        for e in edges {
            for (i, le) in bounds.enumerated() {
                let v = i >= bounds.count - e.filled ? e.grafanaSum / Double(e.filled) : 0
                items.append(#"{"metric":{"client":"\#(e.client)","le":"\#(le)","server":"\#(e.server)"},"value":[1795925663.028,"\#(v)"]}"#)
            }
        }
        return #"{"status":"success","data":{"resultType":"vector","result":["# + items.joined(separator: ",") + "]}}"
    }

    private static func grafanaResults() throws -> [ServiceGraphQueryID: PrometheusResult] {
        let dir = "grafana_service_map_queries/"
        return [
            .serverSecondsSumRate: try PrometheusReference.query(dir + "1a_traces_service_graph_request_server_seconds_sum.json"),
            .requestRate: try PrometheusReference.query(dir + "2a_traces_service_graph_request_total.json"),
            .connectionTypes: try PrometheusReference.query(dir + "2b_traces_service_graph_request_total_labels.json"),
            .failedRate: try PrometheusReference.query(dir + "3a_traces_service_graph_request_failed_total.json"),
            .serverBucketRates: try decode(bucketsByLe()),
        ]
    }

    @Test func grafanaReferenceEdges() throws {
        let sample = ServiceGraphAssembler.sample(results: try Self.grafanaResults(), time: 1795925663, windowSeconds: 300)
        #expect(sample.time == 1795925663 && sample.windowSeconds == 300)
        #expect(sample.edges.map(\.key.description) == [
            "checkout→kafka-consumer", "checkout→postgres", "frontend→checkout", "user→frontend",
        ])
        #expect(sample.edges.map(\.connectionType) == [.messagingSystem, .database, .plain, .virtualNode])
        let edges = Dictionary(uniqueKeysWithValues: sample.edges.map { ($0.key.description, $0) })

        // frontend→checkout, from 2a, 3a and 1a:
        // rate 0.322025/s; failed 0.032204666666666666/s → 10.0 %; 0.09659999999999999 s/s / 0.322025 /s → 299.98 ms.
        let checkout = try #require(edges["frontend→checkout"])
        #expect(checkout.requestRate == 0.322025)
        #expect(checkout.failedRate == 0.032204666666666666)
        #expect(Self.near(checkout.failedRate / checkout.requestRate, 0.100007, 1e-6))
        #expect(Self.near(checkout.serverSecondsSumRate.map { $0 / checkout.requestRate * 1000 }, 299.9767, 1e-4))
        // checkout→postgres: 0.01932 / 0.9660749999999999 → 19.9985 ms; no failures.
        let postgres = try #require(edges["checkout→postgres"])
        #expect(postgres.requestRate == 0.9660749999999999 && postgres.failedRate == 0)
        #expect(Self.near(postgres.serverSecondsSumRate.map { $0 / postgres.requestRate * 1000 }, 19.9985, 1e-4))
        // checkout→kafka-consumer: 0.32199999999999995 / 0.322025 → 999.92 ms. user→frontend: 0.0322 / 0.64405 → 49.996 ms.
        #expect(Self.near(edges["checkout→kafka-consumer"]?.serverSecondsSumRate.map { $0 / 0.322025 * 1000 }, 999.9224, 1e-4))
        #expect(Self.near(edges["user→frontend"]?.serverSecondsSumRate.map { $0 / 0.64405 * 1000 }, 49.9961, 1e-4))
        // No client-side queries were answered: absent, not zero.
        #expect(sample.edges.allSatisfy { $0.clientBuckets == nil && $0.clientSecondsSumRate == nil })
        #expect(sample.triton.isEmpty && sample.envoy.isEmpty && sample.inferRequestCalls.isEmpty)
    }

    /// p90 must equal Prometheus' own `histogram_quantile(0.9, …)` (instant_histogram_quantile.json)
    /// where it interpolates; p95 worked out by hand from the buckets.
    @Test func grafanaReferenceQuantiles() throws {
        let sample = ServiceGraphAssembler.sample(results: try Self.grafanaResults(), time: 1795925663, windowSeconds: 300)
        let buckets = Dictionary(uniqueKeysWithValues: sample.edges.map { ($0.key.description, $0.serverBuckets) })
        let checkout = try #require(buckets["frontend→checkout"] ?? nil)
        #expect(checkout.bounds == Histogram.tempoDefaultBounds)
        #expect(checkout.cumulative[0] == 0 && checkout.cumulative[1] == 0)
        #expect(Self.near(checkout.count, 2.2544783333333336 / 7))
        // All requests in (0.2, 0.4]: p90 = 0.2 + 0.2 × 0.9 = 0.38 (Prometheus: 0.38000000000000006), p95 = 0.39.
        #expect(Self.near(checkout.quantile(0.9).value, 0.38000000000000006))
        #expect(Self.near(checkout.quantile(0.95).value, 0.39) && checkout.quantile(0.95).bound == nil)
        // All in (0.8, 1.6]: p90 = 0.8 + 0.8 × 0.9 = 1.52 (Prometheus: 1.5200000000000002), p95 = 1.56.
        let kafka = try #require(buckets["checkout→kafka-consumer"] ?? nil)
        #expect(Self.near(kafka.quantile(0.9).value, 1.5200000000000002))
        #expect(Self.near(kafka.quantile(0.95).value, 1.56))
        // All in the first bucket: Prometheus interpolates from 0 (0.09); sonicmap says only "< 0.1".
        #expect(buckets["checkout→postgres"]??.quantile(0.95) == QuantileEstimate(value: 0.1, bound: .below, range: BucketRange(lower: 0, upper: 0.1)))
    }

    // MARK: Debian's Prometheus 2.42 answering sonicmap's own queries

    /// Bodies captured from `/usr/bin/prometheus` at time=1795925700, over blocks written with
    /// `promtool tsdb create-blocks-from openmetrics` from linear counters sampled every 15 s:
    /// - envoy→triton edge split over two Tempo instances: 1 req/s each, 0.05 failed/s each,
    ///   server seconds 0.1/s, client 0.125/s each; server buckets per instance
    ///   (0.6, 0.9, 1.0…) and client (0.4, 0.8, 1.0…) per second by le 0.1, 0.2, 0.4…;
    /// - user→envoy (virtual_node): 3 req/s, all ≤ 0.1 s, 0.06 server s/s, no failed series;
    /// - envoy→new-service: a single sample (in `group by`, in no rate);
    /// - InferRequest span metrics 5 calls/s unset + 0.5/s error, and a `compute` span at 7/s;
    /// - Triton rxzpm: particlenet 40 inf/s, 10 exec/s, µs/s queue 20000, input 5000, infer 80000,
    ///   output 3000; deeptau 10, 10, 10000, 2000, 30000, 1000; GPUs 0.5 and 0.7 busy, 4 GB and
    ///   6 GB used of 16 GB each; idle1 with every counter flat; a pod of release `other`;
    /// - Envoy ingress_grpc 60 ms/s over 3 req/s, and an `admin` prefix (filtered out).
    private static let supersonicAnswers: [ServiceGraphQueryID: String] = [
        // sum by (client, server) (rate(traces_service_graph_request_total[300s]))
        .requestRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"user","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]}]}}"#,
        // sum by (client, server) (rate(traces_service_graph_request_failed_total[300s]))
        .failedRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.1"]}]}}"#,
        // sum by (client, server) (rate(traces_service_graph_request_server_seconds_sum[300s]))
        .serverSecondsSumRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.2"]},{"metric":{"client":"user","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"0.060000000000000005"]}]}}"#,
        // sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[300s]))
        .serverBucketRates: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"+Inf","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.1","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1.2000000000000002"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.2","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1.8"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.4","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.8","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"1.6","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"12.8","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"3.2","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"6.4","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"user","le":"+Inf","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"0.1","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"0.2","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"0.4","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"0.8","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"1.6","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"12.8","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"3.2","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]},{"metric":{"client":"user","le":"6.4","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]}]}}"#,
        // sum by (client, server) (rate(traces_service_graph_request_client_seconds_sum[300s]))
        .clientSecondsSumRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.25"]}]}}"#,
        // sum by (client, server, le) (rate(traces_service_graph_request_client_seconds_bucket[300s]))
        .clientBucketRates: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"+Inf","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.1","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.8"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.2","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1.6"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.4","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"0.8","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"1.6","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"12.8","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"3.2","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","le":"6.4","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2"]}]}}"#,
        // group by (client, connection_type, server) (traces_service_graph_request_total)
        .connectionTypes: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"new-service"},"value":[1795925700,"1"]},{"metric":{"client":"supersonic-envoy-58b98b5568-9ww7h","server":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1"]},{"metric":{"client":"user","connection_type":"virtual_node","server":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"1"]}]}}"#,
        // sum by (service) (rate(traces_spanmetrics_calls_total{span_name="InferRequest"}[300s]))
        .inferRequestCallRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"5.5"]}]}}"#,
        // sum by (service) (rate(traces_spanmetrics_calls_total{span_name="InferRequest", status_code="STATUS_CODE_ERROR"}[300s]))
        .inferRequestErrorRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.5"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_count{release=~"supersonic"}[300s]))
        .tritonInferenceRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"10"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"40"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_exec_count{release=~"supersonic"}[300s]))
        .tritonExecutionRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"10"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"10"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_queue_duration_us{release=~"supersonic"}[300s]))
        .tritonQueueMicrosRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"10000"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"20000"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_compute_input_duration_us{release=~"supersonic"}[300s]))
        .tritonComputeInputMicrosRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"2000.0000000000002"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"5000"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_compute_infer_duration_us{release=~"supersonic"}[300s]))
        .tritonComputeInferMicrosRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"30000.000000000004"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"80000"]}]}}"#,
        // sum by (pod, model) (rate(nv_inference_compute_output_duration_us{release=~"supersonic"}[300s]))
        .tritonComputeOutputMicrosRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"0"]},{"metric":{"model":"deeptau","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1000.0000000000001"]},{"metric":{"model":"particlenet","pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"3000"]}]}}"#,
        // avg by (pod) (nv_gpu_utilization{release=~"supersonic"})
        .gpuUtilization: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"0.6"]}]}}"#,
        // sum by (pod) (nv_gpu_memory_used_bytes{release=~"supersonic"})
        .gpuMemoryUsedBytes: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"10000000000"]}]}}"#,
        // sum by (pod) (nv_gpu_memory_total_bytes{release=~"supersonic"})
        .gpuMemoryTotalBytes: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"32000000000"]}]}}"#,
        // sum by (pod) (rate(envoy_http_downstream_rq_time_sum{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[300s]))
        .envoyRequestTimeSumRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"60.00000000000001"]}]}}"#,
        // sum by (pod) (rate(envoy_http_downstream_rq_time_count{envoy_http_conn_manager_prefix="ingress_grpc", release=~"supersonic"}[300s]))
        .envoyRequestTimeCountRate: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-envoy-58b98b5568-9ww7h"},"value":[1795925700,"3"]}]}}"#,
    ]

    private static func supersonicSample() throws -> ServiceGraphSample {
        let results = try supersonicAnswers.mapValues(decode)
        return ServiceGraphAssembler.sample(results: results, time: 1795925700, windowSeconds: 300)
    }

    private static let envoyPod = "supersonic-envoy-58b98b5568-9ww7h"
    private static let tritonPod = "supersonic-triton-74c49fcf8-rxzpm"

    @Test func supersonicEdges() throws {
        let sample = try Self.supersonicSample()
        // new-service has one sample only: no rate can be known, so it is not drawn as 0/s.
        #expect(sample.edges.map(\.key) == [
            EdgeKey(client: Self.envoyPod, server: Self.tritonPod), EdgeKey(client: "user", server: Self.envoyPod),
        ])
        let triton = sample.edges[0], user = sample.edges[1]
        #expect(triton.connectionType == .plain && user.connectionType == .virtualNode)
        // 2 × 1 req/s; 2 × 0.05 failed/s; 2 × 0.1 s/s server → 100 ms average; 2 × 0.125 → 125 ms client.
        #expect(triton.requestRate == 2 && triton.failedRate == 0.1)
        #expect(Self.near(triton.serverSecondsSumRate.map { $0 / triton.requestRate * 1000 }, 100))
        #expect(Self.near(triton.clientSecondsSumRate.map { $0 / triton.requestRate * 1000 }, 125))
        // Server buckets 1.2, 1.8, 2, …: p95 rank 1.9 lies 0.1 into (0.2, 0.4]'s 0.2 → 0.2 + 0.2 × 0.5 = 0.3
        // (Prometheus' histogram_quantile(0.95): 0.29999999999999993). p50 rank 1 is in the first bucket: < 0.1.
        let server = try #require(triton.serverBuckets)
        #expect(server.bounds == Histogram.tempoDefaultBounds)
        #expect(Self.near(server.quantile(0.95).value, 0.29999999999999993))
        #expect(server.quantile(0.5) == QuantileEstimate(value: 0.1, bound: .below, range: BucketRange(lower: 0, upper: 0.1)))
        // Client buckets 0.8, 1.6, 2, …: p95 rank 1.9 → 0.2 + 0.2 × 0.3 / 0.4 = 0.35.
        #expect(Self.near(triton.clientBuckets?.quantile(0.95).value, 0.35))
        // user→envoy: no failed series (0), no client series (absent), 0.06 / 3 → 20 ms.
        #expect(user.requestRate == 3 && user.failedRate == 0)
        #expect(user.clientSecondsSumRate == nil && user.clientBuckets == nil)
        #expect(Self.near(user.serverSecondsSumRate.map { $0 / user.requestRate * 1000 }, 20))
        #expect(user.serverBuckets?.quantile(0.95) == QuantileEstimate(value: 0.1, bound: .below, range: BucketRange(lower: 0, upper: 0.1)))
    }

    @Test func supersonicTritonPods() throws {
        let triton = try Self.supersonicSample().triton
        #expect(Set(triton.keys) == [Self.tritonPod, "supersonic-triton-74c49fcf8-idle1"])
        let pod = try #require(triton[Self.tritonPod])
        // 40 + 10 inf/s, 10 + 10 exec/s; ms per execution = µs/s ÷ exec/s ÷ 1000.
        #expect(pod.inferencesPerSecond == 50 && pod.executionsPerSecond == 20)
        #expect(Self.near(pod.queueMs, 1.5))  // (20000 + 10000) / 20 / 1000
        #expect(Self.near(pod.inputMs, 0.35))  // (5000 + 2000) / 20 / 1000
        #expect(Self.near(pod.inferMs, 5.5))  // (80000 + 30000) / 20 / 1000
        #expect(Self.near(pod.outputMs, 0.2))  // (3000 + 1000) / 20 / 1000
        #expect(Self.near(pod.computeMs, 6.05))
        #expect(Self.near(pod.gpuUtilization, 0.6))  // avg(0.5, 0.7)
        #expect(Self.near(pod.gpuMemoryRatio, 0.3125))  // (4 + 6) / (16 + 16)
        #expect(pod.models.keys.sorted() == ["deeptau", "particlenet"])
        let particlenet = try #require(pod.models["particlenet"])
        #expect(particlenet.inferencesPerSecond == 40)
        #expect(Self.near(particlenet.queueMs, 2))  // 20000 / 10 / 1000
        #expect(Self.near(particlenet.computeMs, 8.8))  // (5000 + 80000 + 3000) / 10 / 1000
        let deeptau = try #require(pod.models["deeptau"])
        #expect(deeptau.inferencesPerSecond == 10 && Self.near(deeptau.queueMs, 1) && Self.near(deeptau.computeMs, 3.3))
        // An idle pod: 0 executions/s, so every per-execution time is 0/0 — absent, not 0 ms.
        let idle = try #require(triton["supersonic-triton-74c49fcf8-idle1"])
        #expect(idle.inferencesPerSecond == 0 && idle.executionsPerSecond == 0)
        #expect(idle.queueMs == nil && idle.inputMs == nil && idle.inferMs == nil && idle.outputMs == nil)
        #expect(idle.gpuUtilization == nil && idle.gpuMemoryRatio == nil)
        #expect(idle.models == ["deeptau": TritonModelMetrics(inferencesPerSecond: 0)])
    }

    @Test func supersonicEnvoyAndSpanMetrics() throws {
        let sample = try Self.supersonicSample()
        // 60 ms/s over 3 req/s → 20 ms; the admin listener is not counted.
        #expect(sample.envoy.count == 1)
        #expect(sample.envoy[Self.envoyPod]?.downstreamRequestsPerSecond == 3)
        #expect(Self.near(sample.envoy[Self.envoyPod]?.downstreamRequestMs, 20))
        // 5 unset + 0.5 error InferRequest calls/s; the compute span's 7/s is not an InferRequest.
        #expect(sample.inferRequestCalls == [Self.tritonPod: SpanCallRates(callsPerSecond: 5.5, errorsPerSecond: 0.5)])
    }

    // MARK: partial and odd answers

    private static func vector(_ samples: [(labels: String, value: String)]) throws -> PrometheusResult {
        let items = samples.map { #"{"metric":{\#($0.labels)},"value":[1795925700,"\#($0.value)"]}"# }
        return try decode(#"{"status":"success","data":{"resultType":"vector","result":["# + items.joined(separator: ",") + "]}}")
    }

    @Test func nanAndMissingAreAbsentNotZero() throws {
        let results: [ServiceGraphQueryID: PrometheusResult] = [
            // a→b has a NaN rate but buckets, so its rate comes from +Inf; c→d has only a sum: left out.
            .requestRate: try Self.vector([(#""client":"a","server":"b""#, "NaN"), (#""client":"e","server":"f""#, "4")]),
            .serverSecondsSumRate: try Self.vector([(#""client":"c","server":"d""#, "1"), (#""client":"e","server":"f""#, "NaN")]),
            // Two series with the same le add up, as `sum by (client, server, le)` would; e→f lacks +Inf.
            .serverBucketRates: try Self.vector([
                (#""client":"a","server":"b","le":"0.1","instance":"1""#, "1"),
                (#""client":"a","server":"b","le":"0.1","instance":"2""#, "2"),
                (#""client":"a","server":"b","le":"+Inf""#, "5"),
                (#""client":"e","server":"f","le":"0.1""#, "4"),
            ]),
            // Not a vector: read as no answer.
            .failedRate: .scalar(PrometheusPoint(time: 1, value: 3)),
            .envoyRequestTimeCountRate: try Self.vector([(#""pod":"envoy-1""#, "0"), (#""pod":"""#, "9"), ("", "9")]),
            .envoyRequestTimeSumRate: try Self.vector([(#""pod":"envoy-1""#, "0")]),
            .gpuUtilization: try Self.vector([(#""pod":"t""#, "+Inf")]),
            .tritonInferenceRate: try Self.vector([(#""pod":"t","model":"m""#, "2"), (#""pod":"t""#, "1")]),
            .tritonExecutionRate: try Self.vector([(#""pod":"t","model":"m""#, "2")]),
            .tritonQueueMicrosRate: try Self.vector([(#""pod":"t","model":"m""#, "-Inf")]),
            .inferRequestErrorRate: try Self.vector([(#""service":"s""#, "1")]),
        ]
        let sample = ServiceGraphAssembler.sample(results: results, time: 0, windowSeconds: 60)
        #expect(sample.edges.map(\.key.description) == ["a→b", "e→f"])
        let ab = sample.edges[0], ef = sample.edges[1]
        #expect(ab.requestRate == 5 && ab.failedRate == 0 && ab.serverSecondsSumRate == nil)
        #expect(ab.serverBuckets == Histogram(bounds: [0.1], cumulative: [3, 5]))
        #expect(ef.requestRate == 4 && ef.serverSecondsSumRate == nil && ef.serverBuckets == nil)
        // 0 requests/s: the average is 0/0, absent. Pods without a pod label are not nodes.
        #expect(sample.envoy == ["envoy-1": EnvoyPodMetrics(downstreamRequestsPerSecond: 0, downstreamRequestMs: nil)])
        // The series without a model counts for the pod but is no model; -Inf and +Inf are no numbers.
        #expect(sample.triton == ["t": TritonPodMetrics(
            inferencesPerSecond: 3, executionsPerSecond: 2, models: ["m": TritonModelMetrics(inferencesPerSecond: 2)])])
        // Errors without calls say nothing about a service's call rate.
        #expect(sample.inferRequestCalls.isEmpty)
    }

    @Test func connectionTypePrefersTheTypedSeries() throws {
        let results: [ServiceGraphQueryID: PrometheusResult] = [
            .requestRate: try Self.vector([(#""client":"a","server":"b""#, "1"), (#""client":"c","server":"d""#, "1")]),
            .connectionTypes: try Self.vector([
                (#""client":"a","server":"b","connection_type":"virtual_node""#, "1"), (#""client":"a","server":"b""#, "1"),
                (#""client":"c","server":"d","connection_type":"something_new""#, "1"),
            ]),
        ]
        let sample = ServiceGraphAssembler.sample(results: results, time: 0, windowSeconds: 60)
        #expect(sample.edges.map(\.connectionType) == [.virtualNode, .plain])
    }

    @Test func noAnswersMakeAnEmptySample() {
        #expect(ServiceGraphAssembler.sample(results: [:], time: 5, windowSeconds: 60) == ServiceGraphSample(time: 5, windowSeconds: 60, edges: []))
    }
}
