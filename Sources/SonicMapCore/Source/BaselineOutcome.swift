/// The poller's answer to `:compare`: the map data of the window ending at `at`, to
/// compare the map on screen with, or why it could not be had.
public struct BaselineOutcome: Sendable {
    /// The number the UI gave the request; a newer `:compare` makes older answers moot.
    public var id: Int
    /// Unix seconds the baseline's window ends at.
    public var at: Double
    public var result: Result<RefreshData, SourceFailure>

    public init(id: Int, at: Double, result: Result<RefreshData, SourceFailure>) {
        self.id = id
        self.at = at
        self.result = result
    }
}
