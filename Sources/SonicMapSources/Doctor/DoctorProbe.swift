import Foundation
import SonicMapCore

/// Asks the configured endpoints what `sonicmap doctor` needs to know, in two parallel
/// batches whatever the size of the deployment:
/// 1. Tempo's build info and two searches (`InferRequest` and any trace); Prometheus's
///    build info, the `DoctorQueries` and one exemplar query;
/// 2. the newest `DoctorQueries.traceFetchLimit` traces found (plus, against a Tempo
///    older than 2.5, one v1 retry batch).
///
/// The answers go to Core's `DoctorDiagnosis` as they are; nothing here judges them.
public final class DoctorProbe {
    public let tempo: TempoClient?
    public let prometheus: PrometheusClient?
    public let queries: DoctorQueries
    private let http: HTTPClient

    public init(tempo: EndpointConfig?, prometheus: EndpointConfig?, queries: DoctorQueries, http: HTTPClient = HTTPClient()) {
        self.tempo = tempo.map { TempoClient(endpoint: $0, http: http) }
        self.prometheus = prometheus.map { PrometheusClient(endpoint: $0, http: http) }
        self.queries = queries
        self.http = http
    }

    /// The most requests one diagnosis sends (the v1 retry batch aside).
    public var maximumRequests: Int {
        (tempo == nil ? 0 : 3 + DoctorQueries.traceFetchLimit) + (prometheus == nil ? 0 : DoctorQueryID.allCases.count + 2)
    }

    /// Everything the endpoints answer about the window ending at `time` (Unix seconds).
    public func run(at time: Double) -> DoctorAnswers {
        let start = time - Double(queries.windowSeconds)
        let before = http.finishedRequests
        var requests: [HTTPRequest] = []
        if let tempo {
            requests.append(tempo.buildInfoRequest())
            for q in [DoctorQueries.inferRequestSearch, DoctorQueries.anyTraceSearch] {
                requests.append(tempo.searchRequest(q: q, limit: DoctorQueries.searchLimit, spss: nil, start: start, end: time))
            }
        }
        let promStart = requests.count
        if let prometheus {
            requests.append(prometheus.buildInfoRequest())
            requests += queries.all.map { prometheus.queryRequest($0.promQL, time: time) }
            requests.append(prometheus.exemplarsRequest(queries.exemplarSelector, start: start, end: time))
        }
        let answers = http.perform(requests)

        let tempoAnswers = tempo.map { tempo(answers[..<promStart], from: $0) }
        let prometheusAnswers = prometheus.map { prometheus(answers[promStart...], from: $0) }
        return DoctorAnswers(
            time: time, windowSeconds: Double(queries.windowSeconds), serviceGraphFilter: queries.serviceGraphFilter,
            tempo: tempoAnswers, prometheus: prometheusAnswers, requests: http.finishedRequests - before)
    }

    private func tempo(_ answers: ArraySlice<Result<HTTPResponse, HTTPError>>, from client: TempoClient) -> DoctorAnswers.Tempo {
        let a = Array(answers)
        let buildInfo = Result { () throws(TempoError) in try client.decodeBuildInfo(a[0]) }.mapError(DoctorFailure.init)
        let infer = Result { () throws(TempoError) in try client.decodeSearch(a[1], q: DoctorQueries.inferRequestSearch) }.mapError(DoctorFailure.init)
        let any = Result { () throws(TempoError) in try client.decodeSearch(a[2], q: DoctorQueries.anyTraceSearch) }.mapError(DoctorFailure.init)
        // Prefer traces with Triton in them; otherwise whatever was found.
        let found = ((try? infer.get()) ?? []).isEmpty ? ((try? any.get()) ?? []) : ((try? infer.get()) ?? [])
        var seen = Set<TraceID>()
        let newest = found.sorted { $0.startUnixNano > $1.startUnixNano }.map(\.traceID).filter { seen.insert($0).inserted }
            .prefix(DoctorQueries.traceFetchLimit)
        var traces: [Trace] = []
        var failures: [DoctorFailure] = []
        for result in client.traces(ids: Array(newest)) {
            switch result {
            case .success(let t): traces.append(t)
            case .failure(let e): failures.append(DoctorFailure(e))
            }
        }
        return DoctorAnswers.Tempo(
            url: client.endpoint.redactedURL, tenant: client.endpoint.tenant, credentials: Self.credentials(client.endpoint.auth),
            buildInfo: buildInfo, inferRequestSearch: infer, anySearch: any, traces: traces, traceFailures: failures)
    }

    private func prometheus(_ answers: ArraySlice<Result<HTTPResponse, HTTPError>>, from client: PrometheusClient) -> DoctorAnswers.Prometheus {
        let a = Array(answers)
        func decoded<T>(_ answer: Result<HTTPResponse, HTTPError>, _ body: (Data, Int) throws(PrometheusError) -> PrometheusResponse<T>)
            -> Result<T, DoctorFailure>
        {
            switch answer {
            case .failure(let e):
                return .failure(DoctorFailure(PrometheusClientError.transport(e)))
            case .success(let response):
                do {
                    return .success(try client.decode(response, body).data)
                } catch {
                    return .failure(DoctorFailure(error))
                }
            }
        }
        var results: [DoctorQueryID: Result<PrometheusResult, DoctorFailure>] = [:]
        for (i, id) in DoctorQueryID.allCases.enumerated() {
            results[id] = decoded(a[1 + i]) { body, status throws(PrometheusError) in try PrometheusResponse(queryBody: body, httpStatus: status) }
        }
        return DoctorAnswers.Prometheus(
            url: client.endpoint.redactedURL, tenant: client.endpoint.tenant, credentials: Self.credentials(client.endpoint.auth),
            buildInfo: decoded(a[0]) { body, status throws(PrometheusError) in try PrometheusResponse(buildInfoBody: body, httpStatus: status) },
            queries: results,
            exemplars: decoded(a[a.count - 1]) { body, status throws(PrometheusError) in
                try PrometheusResponse(exemplarsBody: body, httpStatus: status)
            })
    }

    /// Where the configured credentials come from, never their value.
    static func credentials(_ auth: AuthConfig) -> String? {
        switch auth {
        case .none: nil
        case .bearer(let source): "bearer token from \(source)"
        case .basic(let user, let source): "basic auth as \(SafeText.clean(user)), password from \(source)"
        }
    }
}
