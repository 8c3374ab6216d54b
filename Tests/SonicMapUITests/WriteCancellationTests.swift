import Foundation
import Testing
import SonicMapTestSupport

@testable import SonicMapExport

/// Abandoning an export in flight (the TUI quitting while its background queue writes):
/// the temporary file is gone as soon as `cancel()` returns, and nothing is put in place.
@Suite struct WriteCancellationTests {
    @Test func cancelRemovesTheTemporaryFileOfTheWriteInFlight() throws {
        let dir = try scratchDirectory("cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.path + "/map.json", temp = dir.path + "/.map.json.1.tmp"
        let token = WriteCancellation()
        let fd = try token.create(temp, for: path)
        defer { close(fd) }
        #expect(FileManager.default.fileExists(atPath: temp))
        token.cancel()
        // The process may exit right now: nothing may be left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        #expect(token.isCancelled)
        #expect(throws: ExportFile.Failure.cancelled(path)) {
            try token.commit(path) { () throws(ExportFile.Failure) in Issue.record("a cancelled write was put in place") }
        }
        #expect(throws: ExportFile.Failure.cancelled(path)) { _ = try token.create(dir.path + "/.again.tmp", for: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    @Test func aWriteGivenACancelledTokenCreatesNothing() throws {
        let dir = try scratchDirectory("cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.path + "/map.json"
        let token = WriteCancellation()
        token.cancel()
        #expect(throws: ExportFile.Failure.cancelled(path)) { try ExportFile.write(Array("x".utf8), to: path, force: false, cancellation: token) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        #expect(ExportFile.Failure.cancelled(path).description.contains("quit before"))
    }

    @Test func aTokenNeverCancelledChangesNothing() throws {
        let dir = try scratchDirectory("cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.path + "/map.json"
        let token = WriteCancellation()
        try ExportFile.write(Array("one".utf8), to: path, force: false, cancellation: token)
        try ExportFile.write(Array("two".utf8), to: path, force: true, cancellation: token)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["map.json"])
        // Cancelling after the writes finished removes nothing they wrote.
        token.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["map.json"])
    }
}
