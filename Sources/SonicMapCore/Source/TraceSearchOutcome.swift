/// The poller's report of one trace search.
public struct TraceSearchOutcome: Sendable {
    /// The asker's number for the search, to drop answers to searches it no longer waits for.
    public var id: Int
    public var request: TraceSearchRequest
    public var result: TraceSearchResult?
    /// Why the search failed (Tempo's 400 message for bad TraceQL, …).
    public var error: String?

    public init(id: Int, request: TraceSearchRequest, result: TraceSearchResult?, error: String?) {
        self.id = id
        self.request = request
        self.result = result
        self.error = error
    }
}
