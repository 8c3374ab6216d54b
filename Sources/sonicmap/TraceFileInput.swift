import Foundation
import SonicMapCore

/// Reading the traces of a trace file for `trace --file` and `search --file`: one or
/// several traces (an export batch, the Collector file exporter's JSON lines), or
/// standard input for `-`. Failures are data failures (exit 1).
enum TraceFileInput {
    /// The traces in `path`, read under `limit` bytes (the same cap as server responses).
    static func read(_ path: String, limit: Int) throws -> [Trace] {
        let data = try BoundedInput.read(path, limit: limit, raiseWith: "raise it with --max-response-bytes (the same cap as server responses)")
        do {
            return try TraceFile.traces(data)
        } catch {
            throw CommandFailure.data("\(path): \(error)")
        }
    }
}
