import Foundation
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
        /// The same observations as native histograms (Tempo's `generate_native_histograms: both`).
        public var nativeServer = NativeBuckets()
        public var nativeClient = NativeBuckets()
    }

    /// A native histogram's counts by bucket index, schema 3 (8 buckets per doubling,
    /// each about 9 % wide), as Prometheus' client libraries keep them: bucket `k` holds
    /// (2^((k-1)/8), 2^(k/8)]; values at or below the zero threshold go in the zero bucket.
    public struct NativeBuckets: Equatable, Sendable {
        public static let schema = 3
        public static let zeroThreshold = 1e-128
        public var counts: [Int: Double] = [:]
        public var zero = 0.0

        public mutating func observe(_ v: Double) {
            guard v > NativeBuckets.zeroThreshold else { zero += 1; return }
            let k = Int((log2(v) * 8).rounded(.up))
            counts[k, default: 0] += 1
        }

        /// The increase since `earlier`, per second, as `rate()` gives it, as a `Histogram`.
        public func rate(since earlier: NativeBuckets, perSecond: Double) -> Histogram? {
            var buckets: [(Double, Double, Double)] = []
            let z = zero - earlier.zero
            if z > 0 { buckets.append((-NativeBuckets.zeroThreshold, NativeBuckets.zeroThreshold, z * perSecond)) }
            for k in counts.keys.sorted() {
                let c = counts[k]! - (earlier.counts[k] ?? 0)
                guard c > 0 else { continue }
                buckets.append((pow(2, Double(k - 1) / 8), pow(2, Double(k) / 8), c * perSecond))
            }
            return Histogram(nativeBuckets: buckets)
        }
    }

    /// `nv_inference_*` of one model on one pod (durations in microseconds).
    public struct Model: Equatable, Sendable {
        public var count = 0.0
        public var queueUs = 0.0
        public var inputUs = 0.0
        public var inferUs = 0.0
        public var outputUs = 0.0
        /// `nv_inference_request_success` and `_failure`.
        public var success = 0.0
        public var failure = 0.0
    }

    /// `traces_spanmetrics_calls_total` of one span name: calls and those with an error status.
    public struct Calls: Equatable, Sendable {
        public var calls = 0.0
        public var errors = 0.0
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
        /// `downstream_rq_time` buckets in milliseconds, Envoy's default bounds.
        public var time = Histogram(bounds: DemoCounters.envoyDefaultBoundsMs)
        /// `downstream_rq_xx` by response code class.
        public var classes: [String: Double] = [:]
        /// `envoy_cluster_upstream_rq_total`: requests sent on to Triton.
        public var upstream = 0.0
    }

    /// Envoy's default histogram buckets (milliseconds).
    public static let envoyDefaultBoundsMs: [Double] = [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300_000, 600_000, 1_800_000, 3_600_000,
    ]

    /// Tempo's default span-metrics histogram buckets (seconds).
    public static let spanMetricsDefaultBounds: [Double] = [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.02, 2.05, 4.10]

    public var edges: [EdgeKey: Edge] = [:]
    /// `traces_spanmetrics_calls_total{span_name="InferRequest"}` by service.
    public var inferRequestCalls: [String: Double] = [:]
    /// `traces_spanmetrics_calls_total` of every other Triton span name (the models).
    public var spanCalls: [SpanKey: Calls] = [:]
    /// Errors among `inferRequestCalls`.
    public var inferRequestErrors: [String: Double] = [:]
    /// `traces_spanmetrics_latency_bucket{span_name="InferRequest"}` by service.
    public var inferRequestLatency: [String: Histogram] = [:]
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
        e.nativeServer.observe(p.serverSeconds)
        e.nativeClient.observe(p.clientSeconds)
        edges[p.key] = e
    }
}
