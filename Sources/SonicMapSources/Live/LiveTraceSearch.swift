import SonicMapCore

/// The traces view's searches against Tempo and Prometheus, run on the poller thread.
///
/// One search costs two parallel batches whatever the answer: the TraceQL search and the
/// exemplar query together, then the fetch of every hit and exemplar not held yet.
extension LiveSource {
    /// Exemplars listed per search, slowest first.
    public static let exemplarLimit = 10

    /// Runs `request.query` in Tempo and lists the exemplars of `request.exemplars` from
    /// Prometheus. Tempo's refusal (a 400 for bad TraceQL) is thrown with Tempo's message; an
    /// exemplar query or a fetch that fails becomes a warning.
    public func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult {
        guard let tempo else { throw TraceLookupError.unavailable(what: "trace search (it needs --tempo URL)", source: summary) }
        let token = HTTPCancellation()
        var requests = [tempo.searchRequest(q: request.query, limit: request.limit, spss: nil, start: request.start, end: request.end)]
        let selector = request.exemplars.map { $0.serverBucketsSelector(filter: options.serviceGraphFilter) }
        if let prometheus, let selector { requests.append(prometheus.exemplarsRequest(selector, start: request.start, end: request.end)) }
        let answers = http.perform(requests, cancellation: token)

        let hits = try tempo.decodeSearch(answers[0], q: request.query.isEmpty ? nil : request.query)
        var warnings: [String] = []
        var exemplars: [TraceExemplar] = []
        if let prometheus, answers.count > 1 {
            do {
                let response: HTTPResponse
                switch answers[1] {
                case .success(let r): response = r
                case .failure(let e): throw PrometheusClientError.transport(e)
                }
                exemplars = TraceExemplar.slowest(try prometheus.decodeExemplars(response).data, limit: Self.exemplarLimit)
            } catch {
                warnings.append("exemplars from Prometheus (\(prometheus.endpoint.redactedURL)): \(error)")
            }
        }
        var seen = request.known
        let wanted = (hits.map(\.traceID) + exemplars.map(\.traceID)).filter { seen.insert($0).inserted }
        let traces = fetch(wanted, from: tempo, token: token, warnings: &warnings)
        return TraceSearchResult(hits: hits, exemplars: exemplars, traces: traces, warnings: warnings)
    }

    /// One trace from Tempo (v2 then v1, protobuf first).
    public func fetchTrace(id: TraceID) throws -> Trace {
        guard let tempo else { throw TraceLookupError.unavailable(what: "fetching a trace (it needs --tempo URL)", source: summary) }
        return try tempo.trace(id: id)
    }
}
