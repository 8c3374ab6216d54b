import Foundation
import Testing
@testable import SonicMapCore

/// `DoctorDiagnosis` on hand-made answers: what each kind of trouble becomes.
@Suite struct DoctorDiagnosisTests {
    static let envoy = "supersonic-envoy-58b98b5568-9ww7h"
    static let tritonA = "supersonic-triton-74c49fcf8-rxzpm"
    static let tritonB = "supersonic-triton-74c49fcf8-b658d"

    // MARK: - Hand-made answers

    static func vector(_ rows: [([String: String], Double)]) -> Result<PrometheusResult, DoctorFailure> {
        .success(.vector(rows.map { PrometheusSample(labels: $0.0, point: PrometheusPoint(time: 1000, value: $0.1)) }))
    }

    /// A SuperSONIC deployment at 1% sampling: 1/s sampled Envoy → Triton, 0.5/s direct
    /// (user → Triton B), and Triton serving 100.5/s, so the estimate is 1 / (100.5 − 0.5).
    static func healthyQueries() -> [DoctorQueryID: Result<PrometheusResult, DoctorFailure>] {
        [
            .serviceGraphSeries: vector([([:], 4), (["connection_type": "virtual_node"], 2)]),
            .edgeRates: vector([
                (["client": envoy, "server": tritonA], 0.6),
                (["client": envoy, "server": tritonB], 0.4),
                (["client": "user", "server": tritonB, "connection_type": "virtual_node"], 0.5),
            ]),
            .spanCalls: vector([
                (["service": tritonA, "span_name": "InferRequest", "span_kind": "SPAN_KIND_SERVER"], 60),
                (["service": tritonB, "span_name": "InferRequest", "span_kind": "SPAN_KIND_SERVER"], 40.5),
                (["service": envoy, "span_name": "ingress", "span_kind": "SPAN_KIND_CLIENT"], 1),
            ]),
            .spanMetricsSeries: vector([([:], 3)]),
            .tritonPods: vector([(["pod": tritonA], 1), (["pod": tritonB], 1)]),
            .envoyConnectionManagers: vector([(["pod": envoy, "envoy_http_conn_manager_prefix": "ingress_grpc"], 1)]),
            .envoyResponseClasses: vector([(["pod": envoy, "envoy_response_code_class": "2"], 99), (["pod": envoy, "envoy_response_code_class": "5"], 1)]),
            .envoyUpstreamRequests: vector([(["pod": envoy], 100)]),
        ]
    }

    static func exemplarSeries(_ n: Int) -> [PrometheusExemplarSeries] {
        [PrometheusExemplarSeries(
            seriesLabels: ["le": "0.1"],
            exemplars: (0..<n).map { PrometheusExemplar(labels: ["traceID": "abc\($0)"], value: 0.01, time: 1000) })]
    }

    static func prometheus(
        queries: [DoctorQueryID: Result<PrometheusResult, DoctorFailure>] = healthyQueries(),
        buildInfo: Result<PrometheusBuildInfo, DoctorFailure> = .success(PrometheusBuildInfo(version: "2.42.0")),
        exemplars: Result<[PrometheusExemplarSeries], DoctorFailure> = .success(exemplarSeries(4))
    ) -> DoctorAnswers.Prometheus {
        DoctorAnswers.Prometheus(url: "http://prom:9090", buildInfo: buildInfo, queries: queries, exemplars: exemplars)
    }

    static func hits(_ n: Int) -> [TraceSummary] {
        (0..<n).map { TraceSummary(traceID: TraceID(high: 1, low: UInt64($0)), rootServiceName: envoy, rootTraceName: "ingress", startUnixNano: UInt64($0), durationMs: 5) }
    }

    /// One trace: Envoy's `ingress` (of `kind`) and Triton's `InferRequest` under it, in
    /// the services given; `orphan` drops the Envoy span.
    static func trace(
        _ low: UInt64, ingressKind: SpanKind = .client, triton: String = tritonA, orphan: Bool = false, podName: String? = nil
    ) -> Trace {
        let id = TraceID(high: 7, low: low)
        let ingress = Span(
            traceID: id, spanID: SpanID(100 + low), parentSpanID: nil, name: "ingress", kind: ingressKind, startUnixNano: 0,
            endUnixNano: 9_000_000, service: envoy, scope: "envoy", resource: 0)
        let infer = Span(
            traceID: id, spanID: SpanID(200 + low), parentSpanID: SpanID(100 + low), name: "InferRequest", kind: .server,
            startUnixNano: 1_000_000, endUnixNano: 8_000_000, service: triton, scope: "triton-server", resource: 1)
        var tritonAttributes = [Attribute("service.name", .string(triton))]
        if let podName { tritonAttributes.append(Attribute("pod_name", .string(podName))) }
        return Trace(
            traceID: id, spans: orphan ? [infer] : [ingress, infer],
            resources: [Resource(attributes: [Attribute("service.name", .string(envoy))]), Resource(attributes: tritonAttributes)])
    }

    static func tempo(
        buildInfo: Result<TempoBuildInfo, DoctorFailure> = .success(TempoBuildInfo(version: "2.6.0", revision: "abc")),
        search: Result<[TraceSummary], DoctorFailure> = .success(hits(3)),
        traces: [Trace] = [trace(1), trace(2), trace(3, orphan: true)]
    ) -> DoctorAnswers.Tempo {
        DoctorAnswers.Tempo(url: "http://tempo:3200", buildInfo: buildInfo, inferRequestSearch: search, anySearch: search, traces: traces)
    }

    static func answers(tempo: DoctorAnswers.Tempo? = tempo(), prometheus: DoctorAnswers.Prometheus? = prometheus(), filter: LabelSelector = LabelSelector())
        -> DoctorAnswers
    {
        DoctorAnswers(time: 1_789_999_980, windowSeconds: 300, serviceGraphFilter: filter, tempo: tempo, prometheus: prometheus, requests: 13)
    }

    static let down = DoctorFailure(.unreachable, "cannot connect to http://tempo:3200/api/status/buildinfo: Connection refused")

    // MARK: - Healthy

    @Test func healthyDeploymentPassesWithTheSamplingEstimate() throws {
        let report = DoctorDiagnosis.diagnose(Self.answers())
        #expect(report.healthy)
        #expect(report.checks.allSatisfy { $0.status == .ok }, "\(report.checks.filter { $0.status != .ok })")
        #expect(report.checks.map(\.id) == [
            "tempo.reachable", "tempo.version", "tempo.access", "tempo.traces",
            "prometheus.reachable", "prometheus.version", "prometheus.access",
            "prometheus.serviceGraph", "prometheus.exemplars", "prometheus.spanMetrics", "prometheus.triton", "prometheus.envoy",
            "prometheus.envoyRejections", "map.sampling", "map.traces",
        ])
        #expect(report.connectionTypes == [.plain, .virtualNode])
        let s = try #require(report.sampling)
        #expect(s.sampledRate == 1.0 && s.tritonRate == 100.5 && s.directRate == 0.5)
        #expect(abs(s.ratio - 0.01) < 1e-12)
        #expect(report.check("map.sampling")?.message.contains("about 1.0%") == true)
        #expect(report.check("map.sampling")?.message.contains("--sampling-rate 0.01 ") == true)
        #expect(report.check("prometheus.serviceGraph")?.message.contains("plain (no label), virtual_node") == true)
        #expect(report.endpoints == [
            DoctorReport.Endpoint(name: "tempo", url: "http://tempo:3200", version: "2.6.0"),
            DoctorReport.Endpoint(name: "prometheus", url: "http://prom:9090", version: "2.42.0"),
        ])
        // At 1% sampling most Triton requests are orphans, and user → Triton is a virtual node.
        #expect(report.explanations.map(\.cause) == [.orphans, .virtualNodes])
    }

    // MARK: - Endpoints

    @Test func unreachableTempoFailsAndSkipsItsOtherChecks() {
        let tempo = Self.tempo(buildInfo: .failure(Self.down), search: .failure(Self.down), traces: [])
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: tempo))
        #expect(!report.healthy)
        #expect(report.check("tempo.reachable") == DoctorCheck("tempo.reachable", .fail, Self.down.message))
        for id in ["tempo.version", "tempo.access", "tempo.traces"] { #expect(report.check(id)?.status == .skip, "\(id)") }
        #expect(report.check("map.traces")?.status == .skip)
        #expect(report.check("prometheus.serviceGraph")?.status == .ok, "Prometheus is checked all the same")
    }

    @Test func tenantRequiredIsAnAccessFailureWithTheFix() {
        let noOrg = DoctorFailure(.tenantRequired, "Tempo at http://tempo:3200/api/search is multi-tenant (it answered `no org id`): set the tenant with --tenant or SONICMAP_TENANT")
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: Self.tempo(search: .failure(noOrg), traces: [])))
        #expect(!report.healthy)
        #expect(report.check("tempo.reachable")?.status == .ok, "a 401 shows Tempo is there")
        #expect(report.check("tempo.access") == DoctorCheck("tempo.access", .fail, noOrg.message))
        #expect(report.check("tempo.traces")?.status == .skip)
    }

    @Test func authEverywhereStillCountsAsReachable() {
        let denied = DoctorFailure(.unauthorized, "Prometheus at http://prom:9090: HTTP 401 … Check the credentials")
        let queries = Dictionary(uniqueKeysWithValues: DoctorQueryID.allCases.map { ($0, Result<PrometheusResult, DoctorFailure>.failure(denied)) })
        let report = DoctorDiagnosis.diagnose(Self.answers(prometheus: Self.prometheus(queries: queries, buildInfo: .failure(denied), exemplars: .failure(denied))))
        #expect(report.check("prometheus.reachable")?.status == .ok)
        #expect(report.check("prometheus.access") == DoctorCheck("prometheus.access", .fail, denied.message))
        #expect(report.check("prometheus.serviceGraph")?.status == .skip)
        #expect(report.check("map.sampling")?.status == .skip)
    }

    @Test func serverErrorsEverywhereMakeAnEndpointUnreachable() {
        let broken = DoctorFailure(.status, "Prometheus at http://prom:9090: HTTP 500, not Prometheus JSON")
        let queries = Dictionary(uniqueKeysWithValues: DoctorQueryID.allCases.map { ($0, Result<PrometheusResult, DoctorFailure>.failure(broken)) })
        let report = DoctorDiagnosis.diagnose(Self.answers(prometheus: Self.prometheus(queries: queries, buildInfo: .failure(broken), exemplars: .failure(broken))))
        #expect(report.check("prometheus.reachable") == DoctorCheck("prometheus.reachable", .fail, broken.message))
        #expect(report.check("prometheus.access")?.status == .skip)
        #expect(!report.healthy)
    }

    @Test func missingBuildInfoOnlyWarns() {
        let tempo = Self.tempo(buildInfo: .success(.assumedWhenMissing))
        let prometheus = Self.prometheus(buildInfo: .failure(DoctorFailure(.notFound, "HTTP 404")))
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: tempo, prometheus: prometheus))
        #expect(report.healthy)
        #expect(report.check("tempo.version")?.status == .warn)
        #expect(report.check("tempo.version")?.message.contains("2.1.0") == true)
        #expect(report.check("prometheus.version")?.status == .warn)
        #expect(report.endpoints[0].versionAssumed)
        #expect(report.endpoints[1].version == nil)
    }

    // MARK: - Empty and partial maps

    @Test func emptyPrometheusExplainsTheEmptyMap() {
        let empty = Dictionary(uniqueKeysWithValues: DoctorQueryID.allCases.map { ($0, Self.vector([])) })
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: nil, prometheus: Self.prometheus(queries: empty, exemplars: .success([]))))
        #expect(!report.healthy)
        #expect(report.check("prometheus.serviceGraph")?.status == .fail)
        #expect(report.check("prometheus.serviceGraph")?.message.contains("the map is empty") == true)
        for id in ["prometheus.exemplars", "prometheus.spanMetrics", "prometheus.triton", "prometheus.envoy"] {
            #expect(report.check(id)?.status == .warn, "\(id)")
        }
        #expect(report.check("map.sampling")?.status == .skip)
        #expect(report.connectionTypes.isEmpty)
        #expect(report.explanations.map(\.cause) == [.noServiceGraph])
        #expect(report.explanations[0].action.contains("remote_write"))
    }

    @Test func tracesWithoutMetricsAreTheWaitWindowAndOnlyAWarning() {
        let empty = Dictionary(uniqueKeysWithValues: DoctorQueryID.allCases.map { ($0, Self.vector([])) })
        let report = DoctorDiagnosis.diagnose(Self.answers(prometheus: Self.prometheus(queries: empty)))
        #expect(report.check("prometheus.serviceGraph")?.status == .warn, "the map falls back on traces")
        #expect(report.healthy)
        #expect(report.explanations.map(\.cause).contains(.noServiceGraph))
        #expect(report.explanations.map(\.cause).contains(.waitWindow))
    }

    @Test func aFilterThatHidesEveryEdgeIsNamed() throws {
        var queries = Self.healthyQueries()
        queries[.edgeRates] = Self.vector([])
        let filter = try LabelSelector(parsing: #"client="nobody""#)
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: nil, prometheus: Self.prometheus(queries: queries), filter: filter))
        #expect(report.check("prometheus.serviceGraph")?.status == .fail)
        #expect(report.check("prometheus.serviceGraph")?.message.contains(#"{client="nobody"}"#) == true)
        #expect(report.explanations.map(\.cause).contains(.filter))
    }

    @Test func envoysOwnSpanKindsAreFoundInTracesAndSpanMetrics() {
        var queries = Self.healthyQueries()
        queries[.edgeRates] = Self.vector([(["client": "user", "server": Self.envoy, "connection_type": "virtual_node"], 1)])
        queries[.spanCalls] = Self.vector([
            (["service": Self.tritonA, "span_name": "InferRequest", "span_kind": "SPAN_KIND_SERVER"], 100),
            (["service": Self.envoy, "span_name": "ingress", "span_kind": "SPAN_KIND_SERVER"], 1),
        ])
        let tempo = Self.tempo(traces: [Self.trace(1, ingressKind: .server)])
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: tempo, prometheus: Self.prometheus(queries: queries)))
        #expect(report.check("map.traces")?.status == .warn)
        #expect(report.check("map.sampling")?.status == .warn, "no Envoy → Triton edge against 100/s")
        let kinds = report.explanations.first { $0.cause == .spanKinds }
        #expect(kinds?.finding.contains("InferRequest (triton-rxzpm) is called from ingress (envoy-9ww7h), a SERVER span") == true)
        #expect(kinds?.finding.contains("Span metrics show Envoy's ingress span as SERVER") == true)
        #expect(kinds?.action.contains("rewrites it to CLIENT") == true)
        #expect(report.healthy, "the endpoints work: a partial map is explained, not failed")
    }

    @Test func serviceNamesThatAreNotPodNamesAreExplained() {
        let generic = TraceEvidence.tritonDefaultService
        let tempo = Self.tempo(traces: [Self.trace(1, triton: generic, podName: Self.tritonA)])
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: tempo, prometheus: nil))
        #expect(report.check("map.traces")?.status == .warn)
        let names = report.explanations.first { $0.cause == .serviceNames }
        #expect(names?.finding.contains("triton-inference-server") == true)
        #expect(names?.finding.contains("pod_name that was not copied") == true)
        #expect(names?.action.contains("resource=pod_name=$(hostname)") == true)
        #expect(report.check("prometheus.serviceGraph") == DoctorCheck("prometheus.serviceGraph", .skip, "not checked: no Prometheus configured (--prometheus)"))
        #expect(report.check("map.sampling")?.status == .skip)
    }

    @Test func noTracesInTheWindowIsTheWaitWindow() {
        let report = DoctorDiagnosis.diagnose(Self.answers(tempo: Self.tempo(search: .success([]), traces: []), prometheus: nil))
        #expect(report.check("tempo.traces")?.status == .warn)
        #expect(report.check("tempo.traces")?.message.contains("~30 s") == true)
        #expect(report.explanations.map(\.cause) == [.waitWindow])
        #expect(report.healthy)
    }

    // MARK: - Evidence

    @Test func traceEvidenceCountsOrphansPairsAndKindBreaks() {
        let evidence = TraceEvidence(traces: [Self.trace(1), Self.trace(2, orphan: true), Self.trace(3, ingressKind: .server)])
        #expect(evidence.traceCount == 3)
        #expect(evidence.pairedHops == 1)
        #expect(evidence.orphans == 1)
        #expect(evidence.unpairedHops.map(\.parentKind) == [.server])
        #expect(evidence.genericServiceNames.isEmpty)
        #expect(evidence.roles[Self.envoy] == .envoy && evidence.roles[Self.tritonA] == .triton)
    }

    @Test func samplingNeedsTritonSpanMetrics() {
        var queries = Self.healthyQueries()
        queries[.spanCalls] = Self.vector([])
        let evidence = MapEvidence(prometheus: Self.prometheus(queries: queries), traces: TraceEvidence(traces: []))
        #expect(SamplingEstimate.estimate(evidence) == nil)
    }

    @Test func rateFlagKeepsTwoSignificantDigits() {
        #expect(MapDiagnosis.rateFlag(0.0101) == "0.01")
        #expect(MapDiagnosis.rateFlag(0.00097) == "0.00097")
        #expect(MapDiagnosis.rateFlag(0.25) == "0.25")
        #expect(MapDiagnosis.rateFlag(1.0) == "1")
        #expect(MapDiagnosis.rateFlag(1.3) == "1")
    }

    // MARK: - Queries

    @Test func queriesAreFixedAndFiltered() throws {
        let filter = try LabelSelector(parsing: #"client!="user""#)
        let selector = try LabelSelector(parsing: #"release="supersonic""#)
        let q = try DoctorQueries(windowSeconds: 300, serviceGraphFilter: filter, supersonicSelector: selector)
        #expect(q.all.count == DoctorQueryID.allCases.count)
        #expect(q.promQL(.serviceGraphSeries) == "count by (connection_type) (last_over_time(traces_service_graph_request_total[300s]))")
        #expect(q.promQL(.edgeRates) == #"sum by (client, server, connection_type) (rate(traces_service_graph_request_total{client!="user"}[300s]))"#)
        #expect(q.promQL(.tritonPods) == #"count by (pod) (last_over_time(nv_inference_count{release="supersonic"}[300s]))"#)
        #expect(q.promQL(.spanCalls).contains(#"span_name=~"InferRequest|ingress|router .+ egress|egress .+""#))
        #expect(q.exemplarSelector == #"traces_service_graph_request_server_seconds_bucket{client!="user"}"#)
        #expect(throws: ServiceGraphQueries.Error.invalidWindow(0)) { try DoctorQueries(windowSeconds: 0) }
    }
}

/// Requests Envoy answers itself (429, 401/403, 503) never reach Triton: doctor says so
/// from Envoy's response classes and its upstream count.
@Suite struct EnvoyRejectionsDiagnosisTests {
    static let context = MapDiagnosis.Context(subject: "prometheus", windowSeconds: 300, filter: LabelSelector())

    static func pod(_ classes: [String: Double], upstream: Double?) -> EnvoyPodMetrics {
        EnvoyPodMetrics(downstreamRequestsPerSecond: classes.values.reduce(0, +), responseClasses: classes, upstreamRequestsPerSecond: upstream)
    }

    @Test func rejectionsAreAWarningWithTheirShare() {
        let e = MapEvidence(envoyTraffic: .success(["a": Self.pod(["2": 90, "4": 8, "5": 2], upstream: 91)]))
        let check = MapDiagnosis.envoyRejections(e, Self.context)
        #expect(check.status == .warn)
        #expect(check.message.contains("answered 9.00/s itself (9.0% of 100/s; 4xx 8.00/s, 5xx 2.00/s)"), "\(check.message)")
    }

    @Test func everythingForwardedIsOK() {
        let e = MapEvidence(envoyTraffic: .success(["a": Self.pod(["2": 95, "5": 5], upstream: 100)]))
        #expect(MapDiagnosis.envoyRejections(e, Self.context).status == .ok, "Triton's own 5xx went through Envoy")
        #expect(MapDiagnosis.envoyRejections(MapEvidence(), Self.context).status == .skip)
    }

    /// The stack's false alarm: over a 1-minute window at 5.87/s the counters differed by
    /// 0.02/s, about one request in flight at the window's edge. Four requests warn.
    @Test func aRequestOrTwoOfCounterSkewIsNotARejection() {
        let minute = MapDiagnosis.Context(subject: "prometheus", windowSeconds: 60, filter: LabelSelector())
        let skew = MapEvidence(envoyTraffic: .success(["a": Self.pod(["2": 5.67, "5": 0.20], upstream: 5.85)]))
        #expect(MapDiagnosis.envoyRejections(skew, minute).status == .ok)
        let three = MapEvidence(envoyTraffic: .success(["a": Self.pod(["2": 5.67, "5": 0.20], upstream: 5.87 - 4.0 / 60)]))
        #expect(MapDiagnosis.envoyRejections(three, minute).status == .warn)
    }

    /// The answers as Prometheus gives them: classes per pod, upstream per pod.
    @Test func evidenceFromPrometheusAnswers() {
        func v(_ pod: String, _ c: String?, _ value: Double) -> PrometheusSample {
            var labels = ["pod": pod]
            if let c { labels["envoy_response_code_class"] = c }
            return PrometheusSample(labels: labels, point: PrometheusPoint(time: 0, value: value))
        }
        let traffic = MapEvidence.envoyTraffic(
            classes: .success([v("a", "2", 10), v("a", "4", 1)]), upstream: .success([v("a", nil, 10)]))
        guard case .success(let pods)? = traffic else { Issue.record("no traffic"); return }
        #expect(pods["a"]?.downstreamRequestsPerSecond == 11)
        #expect(pods["a"]?.rejectedPerSecond == 1)
        #expect(pods["a"]?.rejectedIsExact == true)
    }
}
