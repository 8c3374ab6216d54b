import Foundation
import SonicMapCore
import SonicMapSources

/// Reading a snapshot file for `replay`, `live --snapshot` and `export --snapshot`.
enum SnapshotFile {
    /// Snapshots are read whole; larger files than this are refused before reading.
    static let limit = EndpointConfig.defaultMaxResponseBytes

    static func read(_ path: String) throws -> Snapshot {
        let data = try BoundedInput.read(path, limit: limit, raiseWith: "a snapshot is never this large; is it the right file?")
        do {
            return try SnapshotJSONReader.read(data)
        } catch {
            throw CommandFailure.data("\(path): \(error.description)")
        }
    }
}
