import Foundation
import SonicMapCore

/// Reading the traces of a trace file for `trace --file` and `search --file`: one or
/// several traces (an export batch, the Collector file exporter's JSON lines), or
/// standard input for `-`. Failures are data failures (exit 1).
enum TraceFileInput {
    static func read(_ path: String) throws -> [Trace] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                let why = FileManager.default.fileExists(atPath: path) ? "permissions?" : "it does not exist"
                throw CommandFailure.data("cannot read \(path): \(why)")
            }
            data = d
        }
        do {
            return try TraceFile.traces(Array(data))
        } catch {
            throw CommandFailure.data("\(path): \(error)")
        }
    }
}
