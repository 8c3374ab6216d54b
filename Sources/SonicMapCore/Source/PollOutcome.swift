/// The poller's report of one refresh.
public struct PollOutcome: Sendable {
    public var data: RefreshData?
    public var error: String?
    /// Wall-clock seconds when the refresh finished.
    public var finishedAt: Double
    /// Seconds until the poller tries again (longer while backing off).
    public var nextAttemptIn: Double

    public init(data: RefreshData?, error: String?, finishedAt: Double, nextAttemptIn: Double) {
        self.data = data
        self.error = error
        self.finishedAt = finishedAt
        self.nextAttemptIn = nextAttemptIn
    }
}
