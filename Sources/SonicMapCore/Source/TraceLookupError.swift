/// Why a source could not search or fetch traces, for sources that answer from memory
/// (the demo, snapshots). Network sources report their own errors (`TempoError`).
public enum TraceLookupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The source has no traces to search or fetch (`what` says which, `source` whose).
    case unavailable(what: String, source: String)
    /// No trace with this id.
    case notFound(TraceID, source: String)
    /// The query is outside what the source can evaluate.
    case badQuery(String)

    public var description: String {
        switch self {
        case let .unavailable(what, source): "\(what) is unavailable for this source (\(source))"
        case let .notFound(id, source): "trace \(id.hex) not found in \(source)"
        case let .badQuery(message): message
        }
    }
}
