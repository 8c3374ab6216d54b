import Foundation

/// The map-level half of a diagnosis: checks of what the metrics and a few traces hold,
/// the sampling estimate, and the likely causes of an empty or partial map. Pure.
enum MapDiagnosis {
    /// What the checks need besides the evidence.
    struct Context {
        /// Prefix of the metrics checks' ids: `prometheus`, or `demo` for the simulator.
        var subject: String
        var windowSeconds: Double
        /// The service-graph filter the map uses.
        var filter: LabelSelector
        /// Traces Tempo's searches found (the map can fall back on them).
        var tempoTraces = 0
        /// The traces fetched in full.
        var traces: [Trace] = []
        /// Why Tempo's data could not be looked at, if it could not.
        var tempoProblem: String?
        /// Why the metrics could not be looked at, if they could not.
        var metricsProblem: String?
        /// Why exemplars cannot exist at all (the simulator has none).
        var exemplarsAbsence: String?

        var window: String { Formatting.interval(seconds: windowSeconds) }
    }

    struct Outcome {
        var checks: [DoctorCheck]
        var sampling: SamplingEstimate?
        var explanations: [DoctorExplanation]
    }

    static func diagnose(_ evidence: MapEvidence, _ context: Context) -> Outcome {
        let sampling = SamplingEstimate.estimate(evidence)
        var checks: [DoctorCheck] = []
        checks.append(serviceGraph(evidence, context))
        checks.append(exemplars(evidence, context))
        checks.append(spanMetrics(evidence, context))
        checks.append(triton(evidence, context))
        checks.append(envoy(evidence, context))
        checks.append(envoyRejections(evidence, context))
        checks.append(samplingCheck(sampling, evidence, context))
        checks.append(traces(evidence.traces, context))
        return Outcome(checks: checks, sampling: sampling, explanations: explanations(evidence, sampling, context))
    }

    // MARK: - Checks of the metrics

    private static func notChecked(_ id: String, _ context: Context) -> DoctorCheck {
        DoctorCheck("\(context.subject).\(id)", .skip, "not checked: \(context.metricsProblem ?? "not asked")")
    }

    static func serviceGraph(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).serviceGraph"
        guard let seriesAnswer = e.serviceGraphSeries else { return notChecked("serviceGraph", c) }
        let series: [ConnectionType: Int]
        switch seriesAnswer {
        case .failure(let f): return DoctorCheck(id, .fail, f.message)
        case .success(let s): series = s
        }
        let total = series.values.reduce(0, +)
        // Without edges from the metrics the map pairs spans from recent traces, if any.
        let fallback = c.tempoTraces > 0
        let empty: DoctorStatus = fallback ? .warn : .fail
        let consequence = fallback ? "the map falls back on pairing spans of recent traces" : "the map is empty (see below)"
        guard total > 0 else {
            return DoctorCheck(id, empty, "no traces_service_graph_request_total series in the last \(c.window): \(consequence)")
        }
        let edges: [MapEvidence.EdgeRate]
        switch e.edges {
        case .failure(let f)?: return DoctorCheck(id, .fail, f.message)
        case nil: return notChecked("serviceGraph", c)
        case .success(let list)?: edges = list
        }
        let types = "connection types: " + connectionTypes(e.connectionTypes)
        guard !edges.isEmpty else {
            if !c.filter.isEmpty {
                return DoctorCheck(id, empty, "\(total) service-graph series, but the filter {\(c.filter)} leaves no edge with traffic in the last \(c.window); \(types): \(consequence)")
            }
            return DoctorCheck(id, empty, "\(total) service-graph series but no edge with traffic in the last \(c.window) (a rate needs two samples); \(types): \(consequence)")
        }
        let traffic = edges.reduce(0) { $0 + $1.rate }
        return DoctorCheck(id, .ok, "\(edges.count) edge\(edges.count == 1 ? "" : "s") with traffic (\(Formatting.rate(traffic)) sampled) from \(total) series; \(types)")
    }

    /// `plain (no label), virtual_node`.
    static func connectionTypes(_ types: [ConnectionType]) -> String {
        types.isEmpty ? "none" : types.map { $0 == .plain ? "plain (no label)" : $0.rawValue }.joined(separator: ", ")
    }

    static func exemplars(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).exemplars"
        guard let answer = e.exemplars else {
            return DoctorCheck(id, .skip, "not checked: \(c.exemplarsAbsence ?? c.metricsProblem ?? "not asked")")
        }
        switch answer {
        case .failure(let f):
            return DoctorCheck(id, .warn, "cannot read exemplars: \(f.message)")
        case .success(0):
            return DoctorCheck(
                id, .warn,
                "no exemplars on the server-seconds buckets in the last \(c.window): start Prometheus with --enable-feature=exemplar-storage and let the metrics generator send exemplars; until then requests are found by search only")
        case .success(let n):
            return DoctorCheck(id, .ok, "\(n) exemplar\(n == 1 ? "" : "s") link histogram buckets to traces")
        }
    }

    static func spanMetrics(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).spanMetrics"
        guard let seriesAnswer = e.spanMetricsSeries, let callsAnswer = e.spanCalls else { return notChecked("spanMetrics", c) }
        let series: Int
        let calls: [MapEvidence.SpanCallRate]
        switch (seriesAnswer, callsAnswer) {
        case (.failure(let f), _), (_, .failure(let f)): return DoctorCheck(id, .warn, "cannot read span metrics: \(f.message)")
        case (.success(let s), .success(let list)): (series, calls) = (s, list)
        }
        guard series > 0 else {
            return DoctorCheck(
                id, .warn,
                "no traces_spanmetrics_calls_total series in the last \(c.window): enable the metrics generator's span-metrics processor; without it Triton's true request rate and the sampling estimate are unknown")
        }
        let infer = calls.filter { $0.spanName == "InferRequest" }
        guard !infer.isEmpty else {
            return DoctorCheck(id, .warn, "\(series) span-metrics series, but none for Triton's InferRequest span: Triton's true request rate and the sampling estimate are unknown")
        }
        let services = Set(infer.map(\.service)).count
        let rate = infer.reduce(0) { $0 + $1.rate }
        return DoctorCheck(id, .ok, "\(series) span-metrics series; InferRequest on \(services) service\(services == 1 ? "" : "s"), \(Formatting.rate(rate))")
    }

    static func triton(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).triton"
        switch e.tritonPods {
        case nil: return notChecked("triton", c)
        case .failure(let f)?: return DoctorCheck(id, .warn, "cannot read Triton's metrics: \(f.message)")
        case .success(let pods)? where pods.isEmpty:
            return DoctorCheck(
                id, .warn,
                "no nv_inference_count series in the last \(c.window): Triton's metrics (port 8002) are not scraped into this Prometheus, or --supersonic-selector matches none; the map shows no queue, compute or GPU numbers")
        case .success(let pods)?:
            return DoctorCheck(id, .ok, "nv_inference_* from \(pods.count) pod\(pods.count == 1 ? "" : "s"): \(list(pods.map { PodName($0).short }))")
        }
    }

    static func envoy(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).envoy"
        switch e.envoyListeners {
        case nil: return notChecked("envoy", c)
        case .failure(let f)?: return DoctorCheck(id, .warn, "cannot read Envoy's metrics: \(f.message)")
        case .success(let pods)? where pods.isEmpty:
            return DoctorCheck(
                id, .warn,
                "no envoy_http_downstream_rq_time_count series in the last \(c.window): Envoy's /stats/prometheus (admin port) is not scraped into this Prometheus, or --supersonic-selector matches none")
        case .success(let pods)?:
            let prefixes = Set(pods.values.joined())
            let names = list(pods.keys.sorted().map { $0.isEmpty ? "(no pod label)" : PodName($0).short })
            guard prefixes.contains(supersonicListener) else {
                return DoctorCheck(
                    id, .warn,
                    "envoy_* from \(pods.count) pod\(pods.count == 1 ? "" : "s") (\(names)), but no \(supersonicListener) connection manager (found: \(list(prefixes.sorted()))): the map reads SuperSONIC's \(supersonicListener) listener")
            }
            return DoctorCheck(id, .ok, "envoy_* from \(pods.count) pod\(pods.count == 1 ? "" : "s"): \(names)")
        }
    }

    /// Requests Envoy answered itself (rate limit 429, JWT 401/403, no healthy upstream
    /// 503): they never reach Triton, so no edge and no trace shows them.
    static func envoyRejections(_ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "\(c.subject).envoyRejections"
        switch e.envoyTraffic {
        case nil: return notChecked("envoyRejections", c)
        case .failure(let f)?: return DoctorCheck(id, .warn, "cannot read Envoy's response codes: \(f.message)")
        case .success(let pods)?:
            let downstream = pods.values.reduce(0) { $0 + $1.downstreamRequestsPerSecond }
            guard downstream > 0 else {
                return DoctorCheck(id, .skip, "no envoy_http_downstream_rq_xx traffic on \(supersonicListener) in the last \(c.window)")
            }
            let rejected = pods.values.reduce(0) { $0 + ($1.rejectedPerSecond ?? 0) }
            let exact = pods.values.allSatisfy(\.rejectedIsExact)
            var classes: [String: Double] = [:]
            for p in pods.values { classes.merge(p.responseClasses, uniquingKeysWith: +) }
            let codes = ["4", "5"].compactMap { k in classes[k].flatMap { $0 > 0 ? "\(k)xx \(Formatting.rate($0))" : nil } }.joined(separator: ", ")
            // Fewer than three requests over the window is the skew between the downstream
            // and upstream counters (requests in flight at the window's edges), not rejections.
            if rejected <= 0.001 * downstream || rejected * c.windowSeconds < Self.rejectionNoiseRequests {
                return DoctorCheck(id, .ok, "Envoy sent on \(exact ? "every request" : "every request without a 4xx/5xx") of \(Formatting.rate(downstream)) to Triton")
            }
            let what = exact ? "answered \(Formatting.rate(rejected)) itself" : "answered \(Formatting.rate(rejected)) with a 4xx or 5xx"
            return DoctorCheck(
                id, .warn,
                "Envoy \(what) (\(Formatting.percent(rejected / downstream)) of \(Formatting.rate(downstream)); \(codes)): rate limits (429), JWT auth (401/403) or no healthy upstream (503) never reach Triton, so no edge or trace shows them; the Envoy node does")
        }
    }

    /// Requests answered by Envoy itself over the window below which the difference of its
    /// counters is noise: a 1-minute window at 6 requests/s showed 0.02/s, about one request.
    static let rejectionNoiseRequests = 3.0

    /// The connection manager SuperSONIC's Envoy serves gRPC on.
    static let supersonicListener = "ingress_grpc"

    static func samplingCheck(_ estimate: SamplingEstimate?, _ e: MapEvidence, _ c: Context) -> DoctorCheck {
        let id = "map.sampling"
        guard e.edges != nil, e.spanCalls != nil else { return DoctorCheck(id, .skip, "not estimated: \(c.metricsProblem ?? "no metrics")") }
        guard let s = estimate else {
            return DoctorCheck(id, .skip, "not estimated: it needs Triton InferRequest span metrics and service-graph edges into Triton")
        }
        let basis = "\(Formatting.rate(s.sampledRate)) sampled Envoy → Triton against \(Formatting.rate(s.tritonRate)) Triton InferRequest spans"
            + (s.directRate > 0 ? ", less \(Formatting.rate(s.directRate)) from user" : "")
        if s.sampledRate == 0 {
            return DoctorCheck(id, .warn, "no Envoy → Triton edges although Triton serves \(Formatting.rate(s.tritonRate)): the hop is not paired (span kinds) or Envoy samples nothing")
        }
        if s.ratio > 1.05 {
            return DoctorCheck(id, .warn, "not usable: more sampled requests than Triton served (\(basis)); the span metrics may be incomplete")
        }
        if s.isComplete {
            return DoctorCheck(id, .ok, "Envoy samples every request (\(basis)): the map's rates are complete, not samples")
        }
        return DoctorCheck(
            id, .ok,
            "Envoy samples about \(Formatting.percent(s.ratio)) of requests (\(basis)); --sampling-rate \(rateFlag(s.ratio)) shows estimated true rates")
    }

    /// A sampling rate as a flag value: 2 significant digits, `0.01`, `0.25`, `1`.
    static func rateFlag(_ r: Double) -> String {
        let clamped = min(1, max(r, 1e-6))
        var digits = 2
        var scale = clamped
        while scale < 0.1 {
            scale *= 10
            digits += 1
        }
        let text = String(format: "%.\(digits)f", clamped)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }

    static func traces(_ t: TraceEvidence, _ c: Context) -> DoctorCheck {
        let id = "map.traces"
        if let problem = c.tempoProblem, c.traces.isEmpty { return DoctorCheck(id, .skip, "not checked: \(problem)") }
        guard t.traceCount > 0 else { return DoctorCheck(id, .skip, "no traces to look at") }
        var parts = ["\(t.traceCount) trace\(t.traceCount == 1 ? "" : "s") looked at: \(t.pairedHops) hop\(t.pairedHops == 1 ? "" : "s") paired"]
        if t.orphans > 0 { parts.append("\(t.orphans) orphan\(t.orphans == 1 ? "" : "s") (caller not sampled)") }
        var status = DoctorStatus.ok
        if !t.unpairedHops.isEmpty {
            status = .warn
            parts.append("\(t.unpairedHops.count) hop\(t.unpairedHops.count == 1 ? "" : "s") Tempo cannot pair (span kinds)")
        }
        if !t.genericServiceNames.isEmpty || !t.podNamesNotCopied.isEmpty {
            status = .warn
            parts.append("service names that are not pod names: \(list(t.genericServiceNames + t.podNamesNotCopied))")
        }
        return DoctorCheck(id, status, parts.joined(separator: ", "))
    }

    // MARK: - Explanations

    static func explanations(_ e: MapEvidence, _ sampling: SamplingEstimate?, _ c: Context) -> [DoctorExplanation] {
        var out: [DoctorExplanation] = []
        let series = (try? e.serviceGraphSeries?.get())?.values.reduce(0, +)
        let edges = (try? e.edges?.get()) ?? []
        let edgesKnown = (try? e.edges?.get()) != nil

        if series == 0 {
            out.append(DoctorExplanation(
                .noServiceGraph,
                finding: "Prometheus holds no traces_service_graph_request_total series for the last \(c.window)"
                    + (c.tempoTraces > 0 ? ", although Tempo has traces." : "."),
                action: "Enable Tempo's metrics generator with the service-graphs (and span-metrics) processors for this tenant (overrides: metrics_generator_processors), and point its remote_write at this Prometheus, started with --web.enable-remote-write-receiver; with Mimir or Thanos, query the tenant the generator writes to."))
        }
        if let series, series > 0, edgesKnown, edges.isEmpty, !c.filter.isEmpty {
            out.append(DoctorExplanation(
                .filter,
                finding: "\(series) service-graph series exist, but the filter {\(c.filter)} leaves no edge with traffic.",
                action: "Loosen or drop --prometheus-filter (or prometheus-filter in the config file)."))
        }
        if let kinds = spanKinds(e, sampling) {
            out.append(kinds)
        }
        if let names = serviceNames(e) {
            out.append(names)
        }
        // With no sampled Envoy → Triton edge at all the cause is the hop, not sampling.
        let measured = sampling.flatMap { $0.sampledRate > 0 ? $0 : nil }
        let orphanShare = measured.map { 1 - $0.ratio } ?? 0
        if e.traces.orphans > 0 || orphanShare > 0.05 {
            var finding = ""
            if orphanShare > 0.05 {
                finding = "About \(Formatting.percent(orphanShare)) of Triton's requests have no sampled Envoy span. "
            }
            if e.traces.orphans > 0 {
                finding += "\(e.traces.orphans) of the spans in the \(e.traces.traceCount) traces looked at have a parent span Tempo does not hold (never sampled, or not exported yet). "
            }
            finding += "Envoy samples a fraction of requests (random_sampling, 1% in SuperSONIC) but sends traceparent on all of them, and Triton traces every request that carries one, so the rest are orphans: they form no service-graph edge."
            out.append(DoctorExplanation(
                .orphans, finding: finding,
                action: "Expected at a low sampling rate: sonicmap draws orphans from the virtual `unsampled` node"
                    + (measured.map { s in s.isComplete ? "" : " and --sampling-rate \(rateFlag(s.ratio)) scales sampled rates to estimated true ones" } ?? "")
                    + ". Raise Envoy's tracing sampling to see more of them as Envoy → Triton edges."))
        }
        let virtual = edges.filter { $0.connectionType == .virtualNode }
        if !virtual.isEmpty || (try? e.serviceGraphSeries?.get())?[.virtualNode] != nil {
            let named = virtual.prefix(3).map(\.key.description) + (virtual.count > 3 ? ["…"] : [])
            out.append(DoctorExplanation(
                .virtualNodes,
                finding: "\(virtual.isEmpty ? "Some" : "\(virtual.count)") edge\(virtual.count == 1 ? "" : "s") \(virtual.isEmpty ? "" : "(\(named.joined(separator: ", "))) ")\(virtual.count == 1 ? "involves" : "involve") a virtual node: `user` stands for callers without a span (a root SERVER span: a client calling the server directly, or an Envoy whose ingress span is SERVER), a virtual server for a peer without instrumentation (peer.service, db.*).",
                action: "They are real traffic. --prometheus-filter 'client!=\"user\"' hides the user edges, as Grafana's SuperSONIC panel does."))
        }
        if let wait = waitWindow(e, series: series, edges: edges, edgesKnown: edgesKnown, c) {
            out.append(wait)
        }
        return out
    }

    private static func spanKinds(_ e: MapEvidence, _ sampling: SamplingEstimate?) -> DoctorExplanation? {
        let rule = "Tempo pairs a CLIENT (or PRODUCER) span with its SERVER (or CONSUMER) child; any other parent forms no edge."
        var lost: [String] = []
        if let hop = e.traces.unpairedHops.first {
            lost.append("In the traces, \(hop.childSpan) (\(PodName(hop.childService).short)) is called from \(hop.parentSpan) (\(PodName(hop.parentService).short)), a \(hop.parentKind.rawValue.uppercased()) span, not a CLIENT one.")
        }
        let calls = (try? e.spanCalls?.get()) ?? []
        if let raw = calls.first(where: { $0.spanName == "ingress" && $0.spanKind == "SPAN_KIND_SERVER" }),
            !calls.contains(where: { $0.service == raw.service && $0.spanKind == "SPAN_KIND_CLIENT" })
        {
            lost.append("Span metrics show Envoy's ingress span as SERVER (\(PodName(raw.service).short)) with no CLIENT span beside it.")
        }
        if let s = sampling, s.sampledRate == 0, s.tritonRate > 0 {
            lost.append("Triton serves \(Formatting.rate(s.tritonRate)) but no Envoy → Triton edge exists.")
        }
        if !lost.isEmpty {
            return DoctorExplanation(
                .spanKinds, finding: ([rule] + lost).joined(separator: " "),
                action: "Envoy's ingress span is SERVER: SuperSONIC's OpenTelemetry collector rewrites it to CLIENT (transform processor, span.name == \"ingress\"); alternatively set spawn_upstream_span: true in Envoy's tracing config for a CLIENT `router … egress` span.")
        }
        let edges = (try? e.edges?.get()) ?? []
        guard let user = edges.first(where: { $0.key.client == ServiceGraphPairing.userNode && e.role(of: $0.key.server) == .envoy }) else { return nil }
        return DoctorExplanation(
            .spanKinds,
            finding: "\(rule) The edge \(user.key) means Envoy's ingress span is a root SERVER span (Envoy's own span kinds), so its callers appear as `user`.",
            action: ((sampling?.sampledRate ?? 0) > 0 ? "Nothing is lost: Envoy → Triton still pairs through Envoy's CLIENT egress span. " : "")
                + "SuperSONIC's collector rewrites ingress to CLIENT, which removes the user → Envoy edge.")
    }

    private static func serviceNames(_ e: MapEvidence) -> DoctorExplanation? {
        var generic = e.traces.genericServiceNames
        let edges = (try? e.edges?.get()) ?? []
        let calls = (try? e.spanCalls?.get()) ?? []
        for name in edges.flatMap({ [$0.key.client, $0.key.server] }) + calls.map(\.service)
        where TraceEvidence.isGeneric(name) && !generic.contains(name) {
            generic.append(name)
        }
        guard !generic.isEmpty || !e.traces.podNamesNotCopied.isEmpty else { return nil }
        var finding = ""
        if !generic.isEmpty {
            finding = "Services named \(list(generic)) stand for every pod at once, so their pods merge into one node. "
        }
        if !e.traces.podNamesNotCopied.isEmpty {
            finding += "Resources of \(list(e.traces.podNamesNotCopied)) carry a pod_name that was not copied into service.name."
        }
        return DoctorExplanation(
            .serviceNames, finding: finding.trimmingCharacters(in: .whitespaces),
            action: "Give Triton --trace-config opentelemetry,resource=pod_name=$(hostname) and let the collector copy pod_name into service.name (SuperSONIC's transform processor); set service_name in Envoy's OpenTelemetry tracer to its pod name.")
    }

    private static func waitWindow(
        _ e: MapEvidence, series: Int?, edges: [MapEvidence.EdgeRate], edgesKnown: Bool, _ c: Context
    ) -> DoctorExplanation? {
        var finding: String?
        if series == 0 && c.tempoTraces > 0 {
            finding = "Tempo has traces but Prometheus has no service-graph series yet."
        } else if let series, series > 0, edgesKnown, edges.isEmpty, c.filter.isEmpty {
            finding = "Service-graph series exist but none changed in the last \(c.window)."
        } else if c.tempoProblem == nil && c.tempoTraces == 0 {
            finding = "Tempo's search found no traces in the last \(c.window)."
        }
        guard let finding else { return nil }
        return DoctorExplanation(
            .waitWindow,
            finding: finding + " Tempo's metrics generator waits for both halves of a pair (wait, 10 s by default) and writes every ~15 s, so edges reach Prometheus about 30 s after the spans; spans arriving more than 30 s after they ended are dropped; search leaves out the last ~30 s.",
            action: "Wait a minute and run doctor again; if nothing changes, check that the collector exports spans promptly (batch timeouts well under 30 s) and that the metrics generator is running.")
    }

    /// `a, b, c` (at most five, then `…`).
    static func list(_ items: [String]) -> String {
        (items.prefix(5) + (items.count > 5 ? ["… (\(items.count) in all)"] : [])).joined(separator: ", ")
    }
}
