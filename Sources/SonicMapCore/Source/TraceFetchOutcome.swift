/// The poller's report of one trace fetched by id.
public struct TraceFetchOutcome: Sendable {
    /// The asker's number for the fetch.
    public var id: Int
    public var traceID: TraceID
    public var trace: Trace?
    /// Why it failed (`trace … not found …`).
    public var error: String?

    public init(id: Int, traceID: TraceID, trace: Trace?, error: String?) {
        self.id = id
        self.traceID = traceID
        self.trace = trace
        self.error = error
    }
}
