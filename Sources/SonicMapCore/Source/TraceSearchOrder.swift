/// Which traces of a range a search returns first.
public enum TraceSearchOrder: Equatable, Sendable {
    /// The newest, as a complete listing pages back through the range.
    case newest
    /// The longest of the newest `TraceSearchOrder.slowestPool` in the range: Tempo cannot
    /// sort by duration, so the source lists that many and sorts them.
    case slowest

    /// Traces listed to find the slowest.
    public static let slowestPool = 1000
}
