/// What the metrics say about the map, whichever source they come from (Prometheus's
/// answers to `DoctorQueries`, or the demo simulator's sample), plus what a few traces say.
///
/// Each metrics fact is nil when it was not asked (no Prometheus, or the simulator has
/// no such thing), a failure when asking failed, or the answer.
public struct MapEvidence: Equatable, Sendable {
    /// One service-graph edge with its rate over the window.
    public struct EdgeRate: Equatable, Sendable {
        public var key: EdgeKey
        public var connectionType: ConnectionType
        /// Requests per second (sampled: only traced requests form edges).
        public var rate: Double

        public init(key: EdgeKey, connectionType: ConnectionType = .plain, rate: Double) {
            self.key = key
            self.connectionType = connectionType
            self.rate = rate
        }
    }

    /// The span-metrics rate of one (service, span name, span kind).
    public struct SpanCallRate: Equatable, Sendable {
        public var service: String
        public var spanName: String
        /// As span metrics label it: `SPAN_KIND_SERVER`, `SPAN_KIND_CLIENT`, …
        public var spanKind: String
        public var rate: Double

        public init(service: String, spanName: String, spanKind: String, rate: Double) {
            self.service = service
            self.spanName = spanName
            self.spanKind = spanKind
            self.rate = rate
        }
    }

    /// Service-graph series seen in the window, by connection type, whatever the filter.
    public var serviceGraphSeries: Result<[ConnectionType: Int], DoctorFailure>?
    /// Edges with a rate in the window, after the filter.
    public var edges: Result<[EdgeRate], DoctorFailure>?
    /// Span-metrics rates of Triton's `InferRequest` and Envoy's spans.
    public var spanCalls: Result<[SpanCallRate], DoctorFailure>?
    /// Span-metrics series of any span seen in the window.
    public var spanMetricsSeries: Result<Int, DoctorFailure>?
    /// Pods reporting Triton's `nv_inference_count`.
    public var tritonPods: Result<[String], DoctorFailure>?
    /// Envoy pods reporting downstream requests, with their connection-manager prefixes.
    public var envoyListeners: Result<[String: [String]], DoctorFailure>?
    /// Envoy's own traffic per pod: downstream requests by response class and those sent
    /// on to Triton (`EnvoyPodMetrics.rejectedPerSecond`).
    public var envoyTraffic: Result<[String: EnvoyPodMetrics], DoctorFailure>?
    /// Exemplars on the server-seconds buckets in the window.
    public var exemplars: Result<Int, DoctorFailure>?
    public var traces: TraceEvidence

    public init(
        serviceGraphSeries: Result<[ConnectionType: Int], DoctorFailure>? = nil, edges: Result<[EdgeRate], DoctorFailure>? = nil,
        spanCalls: Result<[SpanCallRate], DoctorFailure>? = nil, spanMetricsSeries: Result<Int, DoctorFailure>? = nil,
        tritonPods: Result<[String], DoctorFailure>? = nil, envoyListeners: Result<[String: [String]], DoctorFailure>? = nil,
        exemplars: Result<Int, DoctorFailure>? = nil, traces: TraceEvidence = TraceEvidence(traces: []),
        envoyTraffic: Result<[String: EnvoyPodMetrics], DoctorFailure>? = nil
    ) {
        self.envoyTraffic = envoyTraffic
        self.serviceGraphSeries = serviceGraphSeries
        self.edges = edges
        self.spanCalls = spanCalls
        self.spanMetricsSeries = spanMetricsSeries
        self.tritonPods = tritonPods
        self.envoyListeners = envoyListeners
        self.exemplars = exemplars
        self.traces = traces
    }

    /// The evidence in Prometheus's answers to `DoctorQueries`.
    public init(prometheus p: DoctorAnswers.Prometheus, traces: TraceEvidence) {
        func read<T>(_ id: DoctorQueryID, _ convert: ([PrometheusSample]) -> T) -> Result<T, DoctorFailure>? {
            guard let answer = p.queries[id] else { return nil }
            return answer.flatMap { result in
                guard let samples = result.vectorSamples else {
                    return .failure(DoctorFailure(.unreadable, "Prometheus at \(p.url) answered \(id.rawValue) with a non-vector result"))
                }
                return .success(convert(samples.filter { !$0.point.value.isNaN }))
            }
        }
        self.init(
            serviceGraphSeries: read(.serviceGraphSeries) { samples in
                samples.reduce(into: [:]) { $0[ConnectionType(label: $1.labels["connection_type"]), default: 0] += Int($1.point.value) }
            },
            edges: read(.edgeRates) { samples in
                samples.map {
                    EdgeRate(
                        key: EdgeKey(client: $0.labels["client"] ?? "", server: $0.labels["server"] ?? ""),
                        connectionType: ConnectionType(label: $0.labels["connection_type"]), rate: $0.point.value)
                }.sorted { $0.key < $1.key }
            },
            spanCalls: read(.spanCalls) { samples in
                samples.map {
                    SpanCallRate(
                        service: $0.labels["service"] ?? "", spanName: $0.labels["span_name"] ?? "",
                        spanKind: $0.labels["span_kind"] ?? "", rate: $0.point.value)
                }.sorted { ($0.service, $0.spanName) < ($1.service, $1.spanName) }
            },
            spanMetricsSeries: read(.spanMetricsSeries) { samples in samples.reduce(0) { $0 + Int($1.point.value) } },
            tritonPods: read(.tritonPods) { samples in samples.map { $0.labels["pod"] ?? "" }.sorted() },
            envoyListeners: read(.envoyConnectionManagers) { samples in
                samples.reduce(into: [:]) { $0[$1.labels["pod"] ?? "", default: []].append($1.labels["envoy_http_conn_manager_prefix"] ?? "") }
                    .mapValues { $0.sorted() }
            },
            exemplars: p.exemplars.map { series in series.reduce(0) { $0 + $1.exemplars.count } },
            traces: traces, envoyTraffic: Self.envoyTraffic(classes: read(.envoyResponseClasses) { $0 }, upstream: read(.envoyUpstreamRequests) { $0 }))
    }

    /// Per Envoy pod: every downstream request (the sum over response classes), by class,
    /// and those sent on to Triton when that counter answered.
    static func envoyTraffic(
        classes: Result<[PrometheusSample], DoctorFailure>?, upstream: Result<[PrometheusSample], DoctorFailure>?
    ) -> Result<[String: EnvoyPodMetrics], DoctorFailure>? {
        classes.map { result in
            result.map { samples in
                var byPod: [String: [String: Double]] = [:]
                for s in samples { byPod[s.labels["pod"] ?? "", default: [:]][s.labels["envoy_response_code_class"] ?? "", default: 0] += s.point.value }
                var sent: [String: Double] = [:]
                if case .success(let up)? = upstream { for s in up { sent[s.labels["pod"] ?? "", default: 0] += s.point.value } }
                return byPod.reduce(into: [:]) { out, entry in
                    out[entry.key] = EnvoyPodMetrics(
                        downstreamRequestsPerSecond: entry.value.values.reduce(0, +), responseClasses: entry.value,
                        upstreamRequestsPerSecond: sent[entry.key])
                }
            }
        }
    }

    /// The evidence in a simulated sample: its edges, Triton span metrics and per-pod
    /// metrics. The simulator has no exemplars and no Envoy span metrics.
    public init(simulated sample: ServiceGraphSample, traces: TraceEvidence) {
        var series: [ConnectionType: Int] = [:]
        for edge in sample.edges { series[edge.connectionType, default: 0] += 1 }
        self.init(
            serviceGraphSeries: .success(series),
            edges: .success(sample.edges.map { EdgeRate(key: $0.key, connectionType: $0.connectionType, rate: $0.requestRate) }.sorted { $0.key < $1.key }),
            spanCalls: .success(sample.inferRequestCalls.map {
                SpanCallRate(service: $0.key, spanName: "InferRequest", spanKind: "SPAN_KIND_SERVER", rate: $0.value.callsPerSecond)
            }.sorted { $0.service < $1.service }),
            spanMetricsSeries: .success(sample.inferRequestCalls.count),
            tritonPods: .success(sample.triton.keys.sorted()),
            envoyListeners: .success(sample.envoy.mapValues { _ in ["ingress_grpc"] }),
            exemplars: nil,
            traces: traces, envoyTraffic: .success(sample.envoy))
    }

    /// Roles of the services in the evidence: from span shapes in the traces first, then
    /// from span metrics (a service with `InferRequest` spans is Triton, one with Envoy's
    /// span names is Envoy), then from the names.
    public func role(of service: String) -> NodeRole {
        if let role = traces.roles[service], role != .other { return role }
        if case .success(let calls)? = spanCalls {
            if calls.contains(where: { $0.service == service && $0.spanName == "InferRequest" }) { return .triton }
            if calls.contains(where: { $0.service == service && $0.spanName != "InferRequest" }) { return .envoy }
        }
        return RoleInference.fallbackRole(name: service, connectionType: nil, asServer: false)
    }

    /// Every connection type seen, in `ConnectionType` order.
    public var connectionTypes: [ConnectionType] {
        var seen = Set<ConnectionType>()
        if case .success(let series)? = serviceGraphSeries { seen.formUnion(series.keys) }
        if case .success(let edges)? = edges { seen.formUnion(edges.map(\.connectionType)) }
        return ConnectionType.allCases.filter(seen.contains)
    }
}
