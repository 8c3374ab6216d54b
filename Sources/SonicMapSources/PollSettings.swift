/// What the `Poller` refreshes and how often; the UI changes it while running. (Not the
/// UI's `Settings`, which holds these and everything else the user can change.)
public struct PollSettings: Equatable, Sendable {
    public var windowSeconds: Double
    public var refreshSeconds: Double
    public var paused: Bool
    /// The time looked at (Unix seconds), nil for now: see `RefreshRequest.at`.
    public var at: Double?

    public init(windowSeconds: Double, refreshSeconds: Double, paused: Bool = false, at: Double? = nil) {
        self.windowSeconds = windowSeconds
        self.refreshSeconds = refreshSeconds
        self.paused = paused
        self.at = at
    }
}
