/// Lists every trace a search matches in a time range, newest first, up to a limit,
/// from a server that returns at most `pageSize` hits per query: the plan of queries,
/// one at a time, and what their answers add up to. Pure: the caller runs the queries.
///
/// Tempo answers a search with *some* `limit` hits of the range, not the newest. Two ways
/// make the listing complete anyway:
/// - `.mostRecent` (Tempo ≥ 2.5 with `with (most_recent=true)`): each answer is the
///   newest hits of its range, so the next query ends where the answer's oldest hit
///   starts; when one second holds more than a page, that second is listed in part and
///   the listing says so;
/// - `.bisect` (any server): a range whose answer is full is split in two halves, newer
///   first, until every answer is short of full.
///
/// Tempo's range is whole seconds and keeps every trace that overlaps it; ranges are
/// `start…end` with `start < end` (Tempo refuses an empty one), hits repeated across
/// ranges count once.
public struct TraceListing: Sendable {
    /// How the server orders a full answer.
    public enum Order: Equatable, Sendable {
        case mostRecent
        case bisect
    }

    /// One query: hits overlapping `start…end` (Unix seconds), at most `limit`.
    public struct Query: Equatable, Sendable {
        public var start: Int
        public var end: Int
        public var limit: Int
    }

    public let order: Order
    public let limit: Int
    public let pageSize: Int
    /// Traces that start after this (Unix ns) or are in `excluded` are left out: the
    /// pages listed already, when paging back.
    public let olderThanUnixNano: UInt64?
    public let excluded: Set<TraceID>
    /// Ranges still to ask, newest first.
    private var pending: [(start: Int, end: Int)]
    private var found: [TraceID: TraceSummary] = [:]
    /// Queries asked so far.
    public private(set) var queries = 0
    /// What the listing could not do (a second with more traces than a page).
    public private(set) var notes: [String] = []

    /// - Parameters:
    ///   - start, end: Unix seconds; widened to whole seconds.
    ///   - pageSize: hits asked per query (Tempo has no ceiling by default; a page of a
    ///     few hundred keeps each answer small).
    public init(
        start: Double, end: Double, limit: Int, pageSize: Int = 500, order: Order, olderThanUnixNano: UInt64? = nil,
        excluded: Set<TraceID> = []
    ) {
        self.order = order
        self.limit = max(0, limit)
        self.pageSize = max(1, pageSize)
        self.olderThanUnixNano = olderThanUnixNano
        self.excluded = excluded
        var last = Int((end.isFinite ? end : 0).rounded(.up))
        if let older = olderThanUnixNano { last = min(last, Int((Double(older) / 1e9).rounded(.up)) + 1) }
        let first = Int((start.isFinite ? start : 0).rounded(.down))
        pending = first < last && self.limit > 0 ? [(first, last)] : []
    }

    /// The next query to run, or nil when the listing is complete.
    public mutating func next() -> Query? {
        guard let range = pending.first, !isSettled else {
            pending.removeAll()
            return nil
        }
        let wanted = order == .mostRecent ? min(pageSize, limit - listedCount + boundary(range.end)) : pageSize
        return Query(start: range.start, end: range.end, limit: max(1, wanted))
    }

    /// Takes in the answer to `query` (the one `next()` gave).
    public mutating func receive(_ query: Query, hits: [TraceSummary]) {
        queries += 1
        guard let i = pending.firstIndex(where: { $0 == (query.start, query.end) }) else { return }
        pending.remove(at: i)
        for h in hits where keeps(h) {
            if let seen = found[h.traceID], seen.startUnixNano <= h.startUnixNano { continue }
            found[h.traceID] = h
        }
        guard hits.count >= query.limit else { return }
        switch order {
        case .mostRecent:
            // The answer is the newest of its range: with enough listed, nothing older counts.
            if found.count >= limit {
                pending.removeAll()
                return
            }
            let oldest = hits.map(\.startUnixNano).min() ?? 0
            var end = Int(oldest / 1_000_000_000) + 1
            if end >= query.end {
                // A whole page inside the range's last second: skip the rest of it.
                end = query.end - 1
                notes.append("more than \(query.limit) traces started within one second at \(UTCTime.rfc3339(Double(end))); some of that second are not listed")
            }
            if end > query.start { pending.insert((query.start, end), at: i) }
        case .bisect:
            guard query.end - query.start > 1 else {
                notes.append("more than \(query.limit) traces started within one second at \(UTCTime.rfc3339(Double(query.start))); some of that second are not listed")
                return
            }
            let mid = query.start + (query.end - query.start) / 2
            pending.insert(contentsOf: [(mid, query.end), (query.start, mid)], at: i)
        }
    }

    /// The listing so far: newest first (then by id), at most `limit`.
    public var traces: [TraceSummary] {
        Array(found.values.sorted { ($0.startUnixNano, $0.traceID) > ($1.startUnixNano, $1.traceID) }.prefix(limit))
    }

    /// Whether every query was answered, or enough traces newer than every range still to
    /// ask are listed: no later answer could change `traces`.
    public var isSettled: Bool {
        guard let newestPending = pending.map(\.end).max() else { return true }
        let floor = UInt64(max(0, newestPending)) * 1_000_000_000
        return found.values.filter { $0.startUnixNano >= floor }.count >= limit
    }

    private var listedCount: Int { found.count }

    /// Hits already listed that start in the last second of a range ending at `end`: an
    /// answer repeats them, so the query asks for that many more.
    private func boundary(_ end: Int) -> Int {
        let from = UInt64(max(0, end - 1)) * 1_000_000_000
        let to = UInt64(max(0, end)) * 1_000_000_000
        return found.values.filter { $0.startUnixNano >= from && $0.startUnixNano <= to }.count
    }

    private func keeps(_ hit: TraceSummary) -> Bool {
        if excluded.contains(hit.traceID) { return false }
        if let older = olderThanUnixNano, hit.startUnixNano > older { return false }
        return true
    }
}
