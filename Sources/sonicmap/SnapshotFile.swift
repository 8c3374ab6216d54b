import Foundation
import SonicMapCore

/// Reading a snapshot file for `replay`, `live --snapshot` and `export --snapshot`.
enum SnapshotFile {
    static func read(_ path: String) throws -> Snapshot {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions?)" : "does not exist"
            throw CommandFailure.data("snapshot \(path) \(why)")
        }
        do {
            return try SnapshotJSONReader.read(Array(data))
        } catch {
            throw CommandFailure.data("\(path): \(error.description)")
        }
    }
}
