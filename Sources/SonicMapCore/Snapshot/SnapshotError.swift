/// Why a file could not be read as a snapshot. Each message says what is wrong and what to do.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON at all (or truncated).
    case notJSON(String)
    /// JSON, but not a sonicmap snapshot (no `schemaVersion`).
    case notSnapshot
    /// Written by a newer sonicmap.
    case newerSchema(found: Int)
    /// A field is missing or of the wrong type.
    case invalid(String)
    /// An embedded trace could not be decoded.
    case badTrace(index: Int, reason: String)

    public var description: String {
        switch self {
        case .notJSON(let why):
            "not a snapshot: the file is not valid JSON (\(why)); it may be truncated or another format"
        case .notSnapshot:
            "not a snapshot: no schemaVersion; write one with `sonicmap export --format json`"
        case .newerSchema(let v):
            "snapshot schemaVersion \(v) is newer than this sonicmap reads (\(Snapshot.schemaVersion)); upgrade sonicmap to open it"
        case .invalid(let why):
            "corrupt snapshot: \(why)"
        case .badTrace(let i, let why):
            "corrupt snapshot: trace \(i + 1) cannot be read: \(why)"
        }
    }
}
