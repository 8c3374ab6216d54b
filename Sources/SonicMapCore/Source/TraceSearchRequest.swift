/// A search for the requests behind a selection (the traces view): TraceQL in a time
/// range, plus the Prometheus exemplars of the selection's edges.
public struct TraceSearchRequest: Equatable, Sendable {
    /// TraceQL; empty means any trace.
    public var query: String
    /// Most hits asked for.
    public var limit: Int
    /// Unix seconds: traces that started in `start…end`.
    public var start: Double
    public var end: Double
    /// Whose server-latency exemplars to list too; nil for none.
    public var exemplars: ExemplarScope?
    /// Traces the asker holds already: they are not fetched again.
    public var known: Set<TraceID>
    /// Paging back: only traces that started before this (Unix ns) and are not in
    /// `listed` (the pages shown already) are wanted.
    public var olderThanUnixNano: UInt64?
    public var listed: Set<TraceID>
    /// Newest first (paging back with the cursor above) or slowest first (paging with `listed`).
    public var order: TraceSearchOrder

    public init(
        query: String, limit: Int, start: Double, end: Double, exemplars: ExemplarScope? = nil, known: Set<TraceID> = [],
        olderThanUnixNano: UInt64? = nil, listed: Set<TraceID> = [], order: TraceSearchOrder = .newest
    ) {
        self.query = query
        self.limit = limit
        self.start = start
        self.end = end
        self.exemplars = exemplars
        self.known = known
        self.olderThanUnixNano = olderThanUnixNano
        self.listed = listed
        self.order = order
    }
}
