/// The poller's report of one refresh.
public struct PollOutcome: Sendable {
    /// The data, or why there is none.
    public var result: Result<RefreshData, SourceFailure>
    /// Wall-clock seconds when the refresh finished.
    public var finishedAt: Double
    /// Seconds until the poller tries again (longer while backing off).
    public var nextAttemptIn: Double

    public init(result: Result<RefreshData, SourceFailure>, finishedAt: Double, nextAttemptIn: Double) {
        self.result = result
        self.finishedAt = finishedAt
        self.nextAttemptIn = nextAttemptIn
    }
}
