/// Names the PromQL queries of one refresh, so each answer maps back to what it means.
///
/// The set is fixed: however many services, pods and models there are, a refresh sends
/// exactly these queries, each aggregating by labels rather than naming a node.
public enum ServiceGraphQueryID: String, CaseIterable, Sendable {
    // Tempo service graph, per (client, server).
    case requestRate
    case failedRate
    case serverSecondsSumRate
    case serverBucketRates
    case clientSecondsSumRate
    case clientBucketRates
    case connectionTypes
    // The same histograms as native ones (the bare metric name), when Prometheus has them.
    case serverNativeRates
    case clientNativeRates
    // Tempo span metrics of Triton's InferRequest spans, per service.
    case inferRequestCallRate
    case inferRequestErrorRate
    // Tempo span metrics of every span name (model spans among them), per service and status.
    case spanCallRates
    // Span-metrics latency of InferRequest, per service: classic buckets and native.
    case inferRequestLatencyBucketRates
    case inferRequestLatencyNativeRates
    // Triton, per (pod, model); per-pod values are their sums.
    case tritonInferenceRate
    case tritonExecutionRate
    case tritonQueueMicrosRate
    case tritonComputeInputMicrosRate
    case tritonComputeInferMicrosRate
    case tritonComputeOutputMicrosRate
    case tritonRequestSuccessRate
    case tritonRequestFailureRate
    // Triton GPUs, per pod.
    case gpuUtilization
    case gpuMemoryUsedBytes
    case gpuMemoryTotalBytes
    // Envoy ingress, per pod.
    case envoyRequestTimeSumRate
    case envoyRequestTimeCountRate
    case envoyRequestTimeBucketRates
    case envoyResponseClassRates
    case envoyUpstreamRequestRate
}
