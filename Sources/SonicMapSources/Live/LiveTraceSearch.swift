import SonicMapCore

/// The traces view's searches against Tempo and Prometheus, run on the poller thread.
///
/// One search costs: the exemplar query (when the request has a scope), the listing's
/// queries (one when the page fits Tempo's first answer, see `TempoClient.list`), then one
/// parallel batch fetching the hits and exemplars neither the asker nor the cache holds.
extension LiveSource {
    /// Exemplars listed per search, slowest first.
    public static let exemplarLimit = 10

    /// Lists the newest `request.limit` traces of `request.query` in its range (older than
    /// its cursor when paging back) and the exemplars of `request.exemplars` from
    /// Prometheus. Tempo's refusal (a 400 for bad TraceQL) is thrown with Tempo's message;
    /// an exemplar query or a fetch that fails becomes a warning.
    public func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult {
        guard let tempo else { throw TraceLookupError.unavailable(what: "trace search (it needs --tempo URL)", source: summary) }
        let token = HTTPCancellation()
        var warnings: [String] = []
        var exemplars: [TraceExemplar] = []
        if let prometheus, let selector = request.exemplars.map({ $0.serverBucketsSelector(filter: options.serviceGraphFilter) }) {
            do {
                let response: HTTPResponse
                switch http.perform(prometheus.exemplarsRequest(selector, start: request.start, end: request.end), cancellation: token) {
                case .success(let r): response = r
                case .failure(let e): throw PrometheusClientError.transport(e)
                }
                exemplars = TraceExemplar.slowest(try prometheus.decodeExemplars(response).data, limit: Self.exemplarLimit)
            } catch {
                warnings.append("exemplars from Prometheus (\(prometheus.endpoint.redactedURL)): \(error)")
            }
        }
        let now = clock()
        let slowest = request.order == .slowest
        let listing = try tempo.list(
            query: request.query, start: request.start, end: min(request.end, now),
            limit: slowest ? max(request.limit, TraceSearchOrder.slowestPool) : request.limit,
            olderThanUnixNano: slowest ? nil : request.olderThanUnixNano, excluded: request.listed, cancellation: token)
        warnings += listing.notes
        let hits = slowest ? Array(listing.traces.sorted { ($0.durationMs, $0.traceID) > ($1.durationMs, $1.traceID) }.prefix(request.limit)) : listing.traces
        var seen = request.known
        let wanted = (hits.map(\.traceID) + exemplars.map(\.traceID)).filter { seen.insert($0).inserted }
        let traces = cached(wanted, from: tempo, now: now, token: token, warnings: &warnings)
        return TraceSearchResult(hits: hits, exemplars: exemplars, traces: traces, warnings: warnings)
    }

    /// One trace from Tempo (v2 then v1, protobuf first).
    public func fetchTrace(id: TraceID) throws -> Trace {
        guard let tempo else { throw TraceLookupError.unavailable(what: "fetching a trace (it needs --tempo URL)", source: summary) }
        let now = clock()
        if let held = shared.withLockedValue({ $0.cache.needsFetch(id, now: now) ? nil : $0.cache.trace(id) }) { return held }
        let trace = try tempo.trace(id: id)
        shared.withLockedValue { $0.cache.store(trace, fetchedAt: now) }
        return trace
    }
}
