import Foundation
import SonicMapCore
import SonicMapSources

/// Reading the traces of a trace file for `trace --file` and `search --file`: one or
/// several traces (an export batch, the Collector file exporter's JSON lines), or
/// standard input for `-`. Failures are data failures (exit 1).
enum TraceFileInput {
    /// The traces in `path`, read under `limit` bytes (the same cap as server responses);
    /// a file over it is refused with the limit, where it was set, and how to raise it.
    static func read(_ path: String, limit: Sourced<Int>) throws -> [Trace] {
        let raise = "raise it with --max-response-bytes or max-response-bytes in the config file (the same cap as server responses)"
        let data = try BoundedInput.read(path, limit: limit.value, raiseWith: (limit.origin == .builtin ? "the default" : "set by \(limit.origin)") + "; " + raise)
        do {
            return try TraceFile.traces(data)
        } catch {
            throw CommandFailure.data("\(path): \(error)")
        }
    }
}
