/// The poller's answer to `:compare`: the map data of the window ending at `at`, to
/// compare the map on screen with, or why it could not be had.
public struct BaselineOutcome: Sendable {
    /// The number the UI gave the request; a newer `:compare` makes older answers moot.
    public var id: Int
    /// Unix seconds the baseline's window ends at.
    public var at: Double
    public var data: RefreshData?
    public var error: String?

    public init(id: Int, at: Double, data: RefreshData?, error: String?) {
        self.id = id
        self.at = at
        self.data = data
        self.error = error
    }
}
