import SonicMapCore

/// A trace being fetched by id so that its timeline opens when it arrives.
public struct PendingTrace: Equatable, Sendable {
    /// The number of the fetch, to match its answer.
    public var id: Int
    /// The trace asked for.
    public var traceID: TraceID
}
