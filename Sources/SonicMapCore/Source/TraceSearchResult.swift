/// What a trace search found: the hits, the exemplar traces, and the traces among both that
/// the asker did not hold yet, fetched in full.
public struct TraceSearchResult: Equatable, Sendable {
    /// Search hits, in the order the source gave them.
    public var hits: [TraceSummary]
    /// Exemplar traces of the scope's edges, slowest first.
    public var exemplars: [TraceExemplar]
    /// Hits and exemplars fetched in full (those in `TraceSearchRequest.known` are not).
    public var traces: [Trace]
    /// What went partly wrong (an exemplar query or a fetch failed).
    public var warnings: [String]

    public init(hits: [TraceSummary], exemplars: [TraceExemplar] = [], traces: [Trace], warnings: [String] = []) {
        self.hits = hits
        self.exemplars = exemplars
        self.traces = traces
        self.warnings = warnings
    }
}
