/// The poller's report of one trace fetched by id.
public struct TraceFetchOutcome: Sendable {
    /// The asker's number for the fetch.
    public var id: Int
    public var traceID: TraceID
    /// The trace, or why it could not be fetched (`trace … not found …`).
    public var result: Result<Trace, SourceFailure>

    public init(id: Int, traceID: TraceID, result: Result<Trace, SourceFailure>) {
        self.id = id
        self.traceID = traceID
        self.result = result
    }
}
