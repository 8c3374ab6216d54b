/// The poller's report of one trace search.
public struct TraceSearchOutcome: Sendable {
    /// The asker's number for the search, to drop answers to searches it no longer waits for.
    public var id: Int
    public var request: TraceSearchRequest
    /// What it found, or why it failed (Tempo's 400 message for bad TraceQL, …).
    public var result: Result<TraceSearchResult, SourceFailure>

    public init(id: Int, request: TraceSearchRequest, result: Result<TraceSearchResult, SourceFailure>) {
        self.id = id
        self.request = request
        self.result = result
    }
}
