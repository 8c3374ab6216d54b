import SonicMapCore

/// Complete, ordered trace listings from Tempo (`sonicmap search`, the requests view):
/// Core's `TraceListing` plan run one query at a time, each with
/// `| select(status, statusMessage)` and `with (most_recent=true)`.
///
/// A Tempo that refuses either addition (400 for TraceQL it cannot parse, before 2.5) is
/// asked once more with the query as written: when that works, the addition is
/// remembered as unsupported and left out from then on; the listing then bisects ranges
/// instead of relying on the order.
extension TempoClient {
    /// Hits asked per query of a listing.
    public static let listingPageSize = 500

    /// Every trace matching `query` (empty: any) that overlaps `start…end` (Unix seconds),
    /// newest first, at most `limit`; with `olderThanUnixNano`, only traces that started
    /// before it and are not in `excluded` (paging back).
    public func list(
        query: String, start: Double, end: Double, limit: Int, olderThanUnixNano: UInt64? = nil, excluded: Set<TraceID> = [],
        pageSize: Int = listingPageSize, cancellation: HTTPCancellation? = nil
    ) throws(TempoError) -> TraceListingResult {
        var plan = TraceListing(
            start: start, end: end, limit: limit, pageSize: pageSize, order: listingSupport.mostRecent ? .mostRecent : .bisect,
            olderThanUnixNano: olderThanUnixNano, excluded: excluded)
        var sent = 0
        while let step = plan.next() {
            let support = listingSupport
            let text = TraceQLSearchText.decorated(query, selectStatus: support.selectStatus, mostRecent: support.mostRecent)
            let answer = http.perform(searchRequest(q: text, limit: step.limit, spss: nil, start: Double(step.start), end: Double(step.end)), cancellation: cancellation)
            sent += 1
            if case .success(let r) = answer, r.status == 400, support.selectStatus || support.mostRecent {
                sent += try learnSupport(query: query, step: step, cancellation: cancellation)
                if listingSupport.mostRecent != support.mostRecent {
                    // The plan assumed an order Tempo does not give: start again, bisecting.
                    return try list(query: query, start: start, end: end, limit: limit, olderThanUnixNano: olderThanUnixNano, excluded: excluded,
                                    pageSize: pageSize, cancellation: cancellation).adding(queries: sent)
                }
                continue
            }
            plan.receive(step, hits: try decodeSearch(answer, q: query.isEmpty ? nil : query))
        }
        return TraceListingResult(traces: plan.traces, queries: sent, notes: plan.notes)
    }

    /// After a 400 for a decorated query: the plain query and then the hint alone tell
    /// which addition Tempo refused. A plain query refused too is the person's TraceQL:
    /// its error is thrown and nothing is remembered. Returns the requests sent.
    private func learnSupport(query: String, step: TraceListing.Query, cancellation: HTTPCancellation?) throws(TempoError) -> Int {
        func refused(_ text: String) throws(TempoError) -> Bool {
            let answer = http.perform(searchRequest(q: text, limit: 1, spss: nil, start: Double(step.start), end: Double(step.end)), cancellation: cancellation)
            if case .success(let r) = answer, r.status == 400 { return true }
            _ = try decodeSearch(answer, q: text)
            return false
        }
        let plain = query.isEmpty ? "{}" : query
        let answer = http.perform(searchRequest(q: plain, limit: 1, spss: nil, start: Double(step.start), end: Double(step.end)), cancellation: cancellation)
        _ = try decodeSearch(answer, q: query.isEmpty ? nil : query)
        let hintRefused = try refused(TraceQLSearchText.decorated(query, selectStatus: false, mostRecent: true))
        listingSupport = ListingSupport(selectStatus: false, mostRecent: !hintRefused)
        return 2
    }

    /// The TraceQL a refresh sends for the newest traces: the hint when Tempo takes it.
    func newestQuery(_ query: String) -> String {
        TraceQLSearchText.decorated(query, selectStatus: false, mostRecent: listingSupport.mostRecent)
    }
}

/// What a listing found, and what it cost.
public struct TraceListingResult: Equatable, Sendable {
    /// Newest first, at most the limit asked.
    public var traces: [TraceSummary]
    /// Search requests sent.
    public var queries: Int
    /// What the listing could not do (a second holding more traces than a page).
    public var notes: [String]

    public init(traces: [TraceSummary], queries: Int, notes: [String]) {
        self.traces = traces
        self.queries = queries
        self.notes = notes
    }

    func adding(queries more: Int) -> TraceListingResult {
        var r = self
        r.queries += more
        return r
    }
}

/// Which TraceQL additions a Tempo accepts, as learnt from its answers.
struct ListingSupport: Equatable, Sendable {
    var selectStatus = true
    var mostRecent = true
}
