import Foundation
import Testing
import SonicMapExport
import SonicMapUI

/// Golden-file comparison of rendered frames: the text and a style mask of roles.
///
/// Set `SONICMAP_RECORD_GOLDEN=1` to write the files; without it a missing golden fails
/// instead of being recorded silently.
enum GoldenFrame {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["SONICMAP_RECORD_GOLDEN"] == "1" }

    static func assertMatches(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = TextRenderer.plain(canvas) + "--- style mask ---\n" + TextRenderer.styleMask(canvas)
        let file = directory.appendingPathComponent(name + ".txt")
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden \(file.path); record it with SONICMAP_RECORD_GOLDEN=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }
            let where_ = first.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "line count \(e.count) vs \(a.count)"
            Issue.record("frame differs from golden \(name) at \(where_)\n(re-record with SONICMAP_RECORD_GOLDEN=1 if the change is intended)", sourceLocation: sourceLocation)
        }
    }
}
