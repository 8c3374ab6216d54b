/// Turns the answers of `ServiceGraphQueries` into a `ServiceGraphSample`. Pure.
///
/// Whatever a query did not answer stays absent rather than becoming zero: an edge
/// missing from the bucket query has no histogram, a pod without GPU series no GPU
/// figures. Exceptions, where the model holds plain numbers:
/// - an edge's request rate falls back to its `+Inf` bucket rate (Tempo counts every
///   request in both); an edge with neither is left out;
/// - failed and span-metric error rates are 0 when their series are absent, because
///   Tempo creates those counters only at the first failure;
/// - a Triton pod needs both its inference and execution rates, an Envoy pod its
///   request count rate, a service its `InferRequest` call rate.
public enum ServiceGraphAssembler {
    /// Builds the sample for evaluation time `time` (Unix seconds) over `windowSeconds`.
    public static func sample(
        results: [ServiceGraphQueryID: PrometheusResult], time: Double, windowSeconds: Double
    ) -> ServiceGraphSample {
        let answers = QueryAnswers(results: results)
        return ServiceGraphSample(
            time: time, windowSeconds: windowSeconds, edges: edges(answers), triton: triton(answers),
            envoy: envoy(answers), inferRequestCalls: inferRequestCalls(answers), spanCalls: spanCalls(answers),
            inferRequestLatency: inferRequestLatency(answers))
    }

    private static func edges(_ a: QueryAnswers) -> [EdgeSample] {
        let total = a.sums(.requestRate, key: QueryAnswers.edge)
        let failed = a.sums(.failedRate, key: QueryAnswers.edge)
        let serverSum = a.sums(.serverSecondsSumRate, key: QueryAnswers.edge)
        let clientSum = a.sums(.clientSecondsSumRate, key: QueryAnswers.edge)
        let serverBuckets = a.histograms(.serverBucketRates, key: QueryAnswers.edge)
        let clientBuckets = a.histograms(.clientBucketRates, key: QueryAnswers.edge)
        // Native histograms, where Prometheus has them, are preferred for the whole edge
        // (both sides), so an edge's two latencies are of one kind.
        let serverNative = a.nativeHistograms(.serverNativeRates, key: QueryAnswers.edge)
        let clientNative = a.nativeHistograms(.clientNativeRates, key: QueryAnswers.edge)
        var types: [EdgeKey: ConnectionType] = [:]
        for s in a.samples(.connectionTypes) {
            guard let key = QueryAnswers.edge(s.labels) else { continue }
            // An edge seen both plain and typed keeps the type; two types, the first by name.
            let type = ConnectionType(label: s.labels["connection_type"])
            if let seen = types[key], seen != .plain, type == .plain || seen.rawValue < type.rawValue { continue }
            types[key] = type
        }
        var keys = Set(total.keys).union(failed.keys).union(serverSum.keys).union(clientSum.keys)
        keys.formUnion(serverBuckets.keys)
        keys.formUnion(clientBuckets.keys)
        keys.formUnion(serverNative.keys)
        return keys.sorted().compactMap { key in
            guard let rate = total[key] ?? serverBuckets[key]?.count ?? clientBuckets[key]?.count ?? serverNative[key]?.histogram.count
            else { return nil }
            if let server = serverNative[key], let client = clientNative[key] {
                return EdgeSample(
                    key: key, connectionType: types[key] ?? .plain, requestRate: rate, failedRate: failed[key] ?? 0,
                    serverSecondsSumRate: serverSum[key] ?? server.sumRate, serverBuckets: server.histogram,
                    clientSecondsSumRate: clientSum[key] ?? client.sumRate, clientBuckets: client.histogram, latencySource: .native)
            }
            return EdgeSample(
                key: key, connectionType: types[key] ?? .plain, requestRate: rate, failedRate: failed[key] ?? 0,
                serverSecondsSumRate: serverSum[key], serverBuckets: serverBuckets[key],
                clientSecondsSumRate: clientSum[key], clientBuckets: clientBuckets[key])
        }
    }

    /// One Triton series key: the pod, and the model when the series names one.
    private struct PodModel: Hashable {
        var pod: String
        var model: String?
    }

    private static func triton(_ a: QueryAnswers) -> [String: TritonPodMetrics] {
        let pod = QueryAnswers.label("pod"), model = QueryAnswers.label("model")
        let key: ([String: String]) -> PodModel? = { labels in pod(labels).map { PodModel(pod: $0, model: model(labels)) } }
        let perModel = TritonRates(
            inferences: a.sums(.tritonInferenceRate, key: key), executions: a.sums(.tritonExecutionRate, key: key),
            queue: a.sums(.tritonQueueMicrosRate, key: key), input: a.sums(.tritonComputeInputMicrosRate, key: key),
            infer: a.sums(.tritonComputeInferMicrosRate, key: key), output: a.sums(.tritonComputeOutputMicrosRate, key: key),
            successes: a.sums(.tritonRequestSuccessRate, key: key), failures: a.sums(.tritonRequestFailureRate, key: key))
        // `sum by (pod)` is the sum over the pod's models.
        let perPod = perModel.regrouped(\.pod)
        var models: [String: [String: TritonModelMetrics]] = [:]
        for (k, inferences) in perModel.inferences {
            guard let name = k.model else { continue }
            models[k.pod, default: [:]][name] = TritonModelMetrics(
                inferencesPerSecond: inferences, queueMs: perModel.millisPerExecution(\.queue, k),
                computeMs: perModel.computeMillisPerExecution(k), requestsPerSecond: perModel.requests(k),
                failuresPerSecond: perModel.requests(k) == nil ? nil : perModel.failures[k] ?? 0)
        }
        let utilization = a.sums(.gpuUtilization, key: pod)
        let used = a.sums(.gpuMemoryUsedBytes, key: pod)
        let capacity = a.sums(.gpuMemoryTotalBytes, key: pod)

        var pods: [String: TritonPodMetrics] = [:]
        for (name, inferences) in perPod.inferences {
            guard let executions = perPod.executions[name] else { continue }
            var memoryRatio: Double? = nil
            if let used = used[name], let capacity = capacity[name], capacity > 0 { memoryRatio = used / capacity }
            pods[name] = TritonPodMetrics(
                inferencesPerSecond: inferences, executionsPerSecond: executions,
                queueMs: perPod.millisPerExecution(\.queue, name), inputMs: perPod.millisPerExecution(\.input, name),
                inferMs: perPod.millisPerExecution(\.infer, name), outputMs: perPod.millisPerExecution(\.output, name),
                gpuUtilization: utilization[name], gpuMemoryRatio: memoryRatio, models: models[name] ?? [:],
                requestsPerSecond: perPod.requests(name), failuresPerSecond: perPod.requests(name) == nil ? nil : perPod.failures[name] ?? 0)
        }
        return pods
    }

    private static func envoy(_ a: QueryAnswers) -> [String: EnvoyPodMetrics] {
        let pod = QueryAnswers.label("pod")
        let sums = a.sums(.envoyRequestTimeSumRate, key: pod)
        let buckets = a.histograms(.envoyRequestTimeBucketRates, key: pod)
        let upstream = a.sums(.envoyUpstreamRequestRate, key: pod)
        var classes: [String: [String: Double]] = [:]
        for s in a.samples(.envoyResponseClassRates) {
            guard let p = pod(s.labels), let c = s.labels["envoy_response_code_class"] else { continue }
            classes[p, default: [:]][c, default: 0] += s.point.value
        }
        return a.sums(.envoyRequestTimeCountRate, key: pod).reduce(into: [:]) { out, entry in
            // Envoy's downstream_rq_time histogram is in milliseconds; the map's are in seconds.
            let ms = sums[entry.key].map { $0 / entry.value }
            let seconds = buckets[entry.key].map { Histogram(bounds: $0.bounds.map { $0 / 1000 }, cumulative: $0.cumulative) }
            out[entry.key] = EnvoyPodMetrics(
                downstreamRequestsPerSecond: entry.value, downstreamRequestMs: ms?.isFinite == true ? ms : nil,
                downstreamTime: seconds, responseClasses: classes[entry.key] ?? [:], upstreamRequestsPerSecond: upstream[entry.key])
        }
    }

    /// Span-metrics calls and errors per (service, span name).
    private static func spanCalls(_ a: QueryAnswers) -> [SpanKey: SpanCallRates] {
        var out: [SpanKey: SpanCallRates] = [:]
        for s in a.samples(.spanCallRates) {
            guard let service = s.labels["service"], let name = s.labels["span_name"] else { continue }
            let k = SpanKey(service: service, spanName: name)
            var r = out[k] ?? SpanCallRates(callsPerSecond: 0)
            r.callsPerSecond += s.point.value
            if s.labels["status_code"] == "STATUS_CODE_ERROR" { r.errorsPerSecond += s.point.value }
            out[k] = r
        }
        return out
    }

    /// `InferRequest` latency per service from span metrics: native when present, else classic.
    private static func inferRequestLatency(_ a: QueryAnswers) -> [String: SourcedHistogram] {
        let service = QueryAnswers.label("service")
        var out = a.histograms(.inferRequestLatencyBucketRates, key: service).mapValues { SourcedHistogram(histogram: $0, source: .classic) }
        for (k, native) in a.nativeHistograms(.inferRequestLatencyNativeRates, key: service) { out[k] = native }
        return out
    }

    private static func inferRequestCalls(_ a: QueryAnswers) -> [String: SpanCallRates] {
        let service = QueryAnswers.label("service")
        let errors = a.sums(.inferRequestErrorRate, key: service)
        return a.sums(.inferRequestCallRate, key: service).reduce(into: [:]) { out, entry in
            out[entry.key] = SpanCallRates(callsPerSecond: entry.value, errorsPerSecond: errors[entry.key] ?? 0)
        }
    }
}
