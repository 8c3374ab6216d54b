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
    // Tempo span metrics of Triton's InferRequest spans, per service.
    case inferRequestCallRate
    case inferRequestErrorRate
    // Triton, per (pod, model); per-pod values are their sums.
    case tritonInferenceRate
    case tritonExecutionRate
    case tritonQueueMicrosRate
    case tritonComputeInputMicrosRate
    case tritonComputeInferMicrosRate
    case tritonComputeOutputMicrosRate
    // Triton GPUs, per pod.
    case gpuUtilization
    case gpuMemoryUsedBytes
    case gpuMemoryTotalBytes
    // Envoy ingress, per pod.
    case envoyRequestTimeSumRate
    case envoyRequestTimeCountRate
}
