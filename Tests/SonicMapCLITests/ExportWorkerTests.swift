import Foundation
import Testing
import SonicMapTestSupport
import SonicMapCore
import SonicMapExport
import SonicMapSources
import SonicMapUI
@testable import SonicMapCLI

/// The TUI's exports, written off the UI thread: a file appears whole, an existing one is
/// not overwritten without asking, and the answer waits in the mailbox for the UI.
@Suite struct ExportWorkerTests {
    static func job(format: ExportFormat, in directory: URL, force: Bool = false) throws -> ExportJob {
        let state = OnceFrame.state(DemoSource(options: DemoOptions()) { 120 }, display: try DisplayFlags.parse([]), width: 100, height: 30)
        return ExportJob(
            snapshot: state.snapshot(createdAt: 120), format: format, path: directory.appendingPathComponent("map.\(format.rawValue)").path,
            force: force, picture: state.render(), themeName: "default")
    }

    @Test func aJobIsWrittenWholeAndAnExistingFileIsNotOverwritten() throws {
        let dir = try scratchDirectory("cli-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = try Self.job(format: .text, in: dir)
        let written = ExportWorker.run(job, theme: .builtinDefault, cancellation: WriteCancellation())
        let bytes = try Data(contentsOf: URL(fileURLWithPath: job.path))
        #expect(written == .written(path: job.path, bytes: bytes.count))
        #expect(String(decoding: bytes, as: UTF8.self) == TextRenderer.plain(job.picture))
        #expect(ExportWorker.run(job, theme: .builtinDefault, cancellation: WriteCancellation()) == .exists(job))
        var forced = job
        forced.force = true
        #expect(ExportWorker.run(forced, theme: .builtinDefault, cancellation: WriteCancellation()) == .written(path: job.path, bytes: bytes.count))
    }

    @Test func aMissingDirectoryFailsWithAMessage() throws {
        let dir = try scratchDirectory("cli-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = try Self.job(format: .json, in: dir.appendingPathComponent("no-such-dir"))
        guard case .failed(let message) = ExportWorker.run(job, theme: .builtinDefault, cancellation: WriteCancellation()) else {
            Issue.record("wrote into a missing directory")
            return
        }
        #expect(message.contains("no-such-dir"))
    }

    @Test func submittedJobsWakeTheUIAndWaitInTheMailbox() throws {
        let dir = try scratchDirectory("cli-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let woken = DispatchSemaphore(value: 0)
        let worker = ExportWorker(themes: [:]) { woken.signal() }
        let job = try Self.job(format: .json, in: dir)
        worker.submit(job)
        #expect(woken.wait(timeout: .now() + 30) == .success, "the worker wakes the UI when a job is done")
        let events = worker.drain()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: job.path)[.size] as? Int)
        guard events.count == 1, case .exported(let outcome) = events[0] else {
            Issue.record("expected one export answer, got \(events)")
            return
        }
        #expect(outcome == .written(path: job.path, bytes: size))
        #expect(worker.drain().isEmpty, "drained once")
        #expect(worker.finish().isEmpty, "nothing left in flight")
        let snapshot = try SnapshotJSONReader.read(Array(Data(contentsOf: URL(fileURLWithPath: job.path))))
        #expect(snapshot == job.snapshot, "the file reads back as the snapshot asked for")
    }
}
