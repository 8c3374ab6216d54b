/// Turns what the endpoints answered into `sonicmap doctor`'s report. Pure.
///
/// Per endpoint: is it reachable (did any request get an answer the server meant), its
/// version, and whether its data can be read with the configured auth and tenant. Then,
/// from what Prometheus and a few traces hold (`MapDiagnosis`): service-graph series and
/// their connection types, exemplars, span metrics, Triton and Envoy metrics, the
/// sampling estimate, and the likely causes of an empty or partial map.
public enum DoctorDiagnosis {
    /// The report for live endpoints.
    public static func diagnose(_ answers: DoctorAnswers) -> DoctorReport {
        var checks: [DoctorCheck] = []
        var endpoints: [DoctorReport.Endpoint] = []
        var context = MapDiagnosis.Context(subject: "prometheus", windowSeconds: answers.windowSeconds, filter: answers.serviceGraphFilter)

        if let tempo = answers.tempo {
            let (tempoChecks, endpoint, usable) = self.tempo(tempo, windowSeconds: answers.windowSeconds)
            checks += tempoChecks
            endpoints.append(endpoint)
            if usable {
                context.tempoTraces = max(found(tempo.inferRequestSearch), found(tempo.anySearch))
                context.traces = tempo.traces
            } else {
                context.tempoProblem = "Tempo is not usable (see tempo.reachable and tempo.access)"
            }
        } else {
            context.tempoProblem = "no Tempo configured (--tempo)"
        }

        var evidence = MapEvidence(traces: TraceEvidence(traces: context.traces))
        if let prometheus = answers.prometheus {
            let (promChecks, endpoint, usable) = self.prometheus(prometheus)
            checks += promChecks
            endpoints.append(endpoint)
            if usable {
                evidence = MapEvidence(prometheus: prometheus, traces: evidence.traces)
            } else {
                context.metricsProblem = "Prometheus is not usable (see prometheus.reachable and prometheus.access)"
            }
        } else {
            context.metricsProblem = "no Prometheus configured (--prometheus)"
        }

        let map = MapDiagnosis.diagnose(evidence, context)
        return DoctorReport(
            source: "live", time: answers.time, windowSeconds: answers.windowSeconds, endpoints: endpoints,
            checks: checks + map.checks, connectionTypes: evidence.connectionTypes, sampling: map.sampling,
            explanations: map.explanations, requests: answers.requests)
    }

    /// The report for the demo: no endpoints, the simulator's sample and traces checked
    /// as Prometheus's and Tempo's would be.
    public static func simulated(
        sample: ServiceGraphSample, traces: [Trace], description: String, filter: LabelSelector = LabelSelector()
    ) -> DoctorReport {
        var context = MapDiagnosis.Context(subject: "demo", windowSeconds: sample.windowSeconds, filter: filter)
        context.tempoTraces = traces.count
        context.traces = traces
        context.exemplarsAbsence = "the simulator produces no exemplars"
        let evidence = MapEvidence(simulated: sample, traces: TraceEvidence(traces: traces))
        let map = MapDiagnosis.diagnose(evidence, context)
        let source = DoctorCheck("demo.source", .ok, "\(description): no endpoints to check; the checks below read the simulator's data")
        return DoctorReport(
            source: "demo", time: sample.time, windowSeconds: sample.windowSeconds, endpoints: [], checks: [source] + map.checks,
            connectionTypes: evidence.connectionTypes, sampling: map.sampling, explanations: map.explanations)
    }

    // MARK: - Tempo

    static func tempo(_ t: DoctorAnswers.Tempo, windowSeconds: Double) -> ([DoctorCheck], DoctorReport.Endpoint, usable: Bool) {
        var endpoint = DoctorReport.Endpoint(name: "tempo", url: t.url)
        let all = [t.buildInfo.failure, t.inferRequestSearch.failure, t.anySearch.failure]
        if let problem = unreachable(all) {
            return ([DoctorCheck("tempo.reachable", .fail, problem.message)]
                + ["version", "access", "traces"].map { DoctorCheck("tempo.\($0)", .skip, "not checked: Tempo is not reachable") }, endpoint, false)
        }
        var checks = [DoctorCheck("tempo.reachable", .ok, "Tempo answers at \(t.url)")]
        switch t.buildInfo {
        case .success(let info):
            endpoint.version = info.version
            endpoint.versionAssumed = info.assumed
            checks.append(info.assumed
                ? DoctorCheck("tempo.version", .warn, "Tempo has no /api/status/buildinfo, so it is older than 2.2; taken to be \(info.version), as Grafana does. Trace-by-id v2 needs 2.5, TraceQL 2.0")
                : DoctorCheck("tempo.version", .ok, "Tempo \(info.version)" + (info.revision.isEmpty ? "" : " (revision \(info.revision))")))
        case .failure(let f):
            checks.append(DoctorCheck("tempo.version", .warn, "version unknown: \(f.message)"))
        }
        switch t.inferRequestSearch {
        case .success:
            checks.append(DoctorCheck("tempo.access", .ok, "search answered" + access(tenant: t.tenant, credentials: t.credentials)))
        case .failure(let f):
            checks.append(DoctorCheck("tempo.access", .fail, f.message))
            checks.append(DoctorCheck("tempo.traces", .skip, "not checked: Tempo's search failed"))
            return (checks, endpoint, false)
        }
        checks.append(traces(t, windowSeconds: windowSeconds))
        return (checks, endpoint, true)
    }

    private static func traces(_ t: DoctorAnswers.Tempo, windowSeconds: Double) -> DoctorCheck {
        let window = Formatting.interval(seconds: windowSeconds)
        let triton = found(t.inferRequestSearch)
        let any = found(t.anySearch)
        var fetched = t.traces.isEmpty ? "" : "; the newest \(t.traces.count) fetched"
        if let first = t.traceFailures.first {
            fetched += "; \(t.traceFailures.count) fetch\(t.traceFailures.count == 1 ? "" : "es") failed: \(first.message)"
        }
        let limit = DoctorQueries.searchLimit
        func count(_ n: Int) -> String { n >= limit ? "at least \(n)" : "\(n)" }
        if triton > 0 {
            return DoctorCheck("tempo.traces", t.traceFailures.isEmpty ? .ok : .warn, "\(count(triton)) InferRequest traces in the last \(window)\(fetched)")
        }
        if any > 0 {
            return DoctorCheck(
                "tempo.traces", .warn,
                "no InferRequest traces in the last \(window), but \(count(any)) other traces\(fetched): Triton's tracing is off or exports elsewhere (--trace-config mode=opentelemetry), or this is not a Triton deployment")
        }
        return DoctorCheck(
            "tempo.traces", .warn,
            "no traces in the last \(window): Tempo leaves the most recent ~30 s out of search, so new traces take a while to appear; otherwise nothing exports spans to this Tempo (or this tenant)")
    }

    // MARK: - Prometheus

    static func prometheus(_ p: DoctorAnswers.Prometheus) -> ([DoctorCheck], DoctorReport.Endpoint, usable: Bool) {
        var endpoint = DoctorReport.Endpoint(name: "prometheus", url: p.url)
        let ordered = DoctorQueryID.allCases.compactMap { p.queries[$0] }
        let all = [p.buildInfo.failure] + ordered.map(\.failure) + [p.exemplars.failure]
        if let problem = unreachable(all) {
            return ([DoctorCheck("prometheus.reachable", .fail, problem.message)]
                + ["version", "access"].map { DoctorCheck("prometheus.\($0)", .skip, "not checked: Prometheus is not reachable") }, endpoint, false)
        }
        var checks = [DoctorCheck("prometheus.reachable", .ok, "Prometheus answers at \(p.url)")]
        switch p.buildInfo {
        case .success(let info):
            endpoint.version = info.version
            checks.append(DoctorCheck("prometheus.version", .ok, "Prometheus \(info.version)" + (info.revision.isEmpty ? "" : " (revision \(info.revision.prefix(12)))")))
        case .failure(let f) where f.kind == .notFound:
            checks.append(DoctorCheck("prometheus.version", .warn, "version unknown: the server has no /api/v1/status/buildinfo (some Prometheus-compatible servers lack it)"))
        case .failure(let f):
            checks.append(DoctorCheck("prometheus.version", .warn, "version unknown: \(f.message)"))
        }
        let answered = ordered.contains { $0.failure == nil } || p.exemplars.failure == nil
        if !answered, let first = (ordered.map(\.failure) + [p.exemplars.failure]).compactMap({ $0 }).first {
            checks.append(DoctorCheck("prometheus.access", .fail, first.message))
            return (checks, endpoint, false)
        }
        checks.append(DoctorCheck("prometheus.access", .ok, "queries answered" + access(tenant: p.tenant, credentials: p.credentials)))
        return (checks, endpoint, true)
    }

    // MARK: - Shared

    /// Hits of a search, 0 when it failed.
    private static func found(_ search: Result<[TraceSummary], DoctorFailure>) -> Int {
        (try? search.get())?.count ?? 0
    }

    /// The failure that makes an endpoint unreachable: every request failed without an
    /// answer the server meant (no answer at all, a 5xx, or a body that cannot be read).
    /// Answers about auth, a 404 or a rejected request show the server is there.
    static func unreachable(_ failures: [DoctorFailure?]) -> DoctorFailure? {
        guard !failures.isEmpty, failures.allSatisfy({ $0 != nil }) else { return nil }
        let meant: Set<DoctorFailure.Kind> = [.tenantRequired, .unauthorized, .notFound, .rejected]
        guard failures.allSatisfy({ !meant.contains($0!.kind) }) else { return nil }
        return failures[0]
    }

    /// ` (tenant cms, bearer token from env:TOKEN)`, or how it was asked without either.
    private static func access(tenant: String?, credentials: String?) -> String {
        let parts = [tenant.map { "tenant \($0)" }, credentials].compactMap { $0 }
        return parts.isEmpty ? " (no tenant or credentials configured, none needed)" : " (\(parts.joined(separator: ", ")))"
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
