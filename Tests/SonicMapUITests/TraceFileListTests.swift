import Foundation
import Testing
import SonicMapCore
import SonicMapTestSupport
@testable import SonicMapExport
@testable import SonicMapUI

/// A file of several traces opens on the requests of all of them (`sonicmap trace --file`
/// on a terminal), and a replay lists every trace its snapshot holds with `:traces`, not
/// only those behind an edge (issue 12).
@Suite struct TraceFileListTests {
    static func traces(_ name: String) throws -> [Trace] {
        try TraceFile.traces(Array(Fixtures.data("multi-trace/" + name)))
    }

    static func screen(_ s: AppState) -> String { TextRenderer.plain(s.render()) }

    static func type(_ text: String, into s: inout AppState) -> [AppCommand] {
        var out: [AppCommand] = []
        for key in [Key.char(":")] + text.map(Key.char) + [.enter] { out += s.update(.key(key)) }
        return out
    }

    @Test(arguments: ["collector-file-exporter.jsonl", "envoy-1.40-batch.bin"])
    func fileOfSeveralTracesListsThemAllAndOpensEach(name: String) throws {
        let file = try Self.traces(name)
        #expect(file.count == 3)
        var s = AppState.listing(file, origin: "3 traces in \(name)", settings: Settings(frozenClock: true))
        _ = s.update(.resize(width: 160, height: 48))
        #expect(s.mode == .traces && s.backStack.isEmpty)
        let list = try #require(s.traces)
        #expect(Set(list.rows.map(\.traceID)) == Set(file.map(\.traceID)), "every trace of the file has a row")
        #expect(list.rows.map(\.startUnixNano) == list.rows.map(\.startUnixNano).sorted(by: >), "newest first")
        let screen = Self.screen(s)
        for t in file { #expect(screen.contains(String(t.traceID.hex.prefix(8))), "\(t.traceID.hex) listed") }
        #expect(screen.contains("the requests of 3 traces in \(name)"))
        #expect(screen.contains(" TRACES ") && screen.contains("sonicmap › every trace"))
        #expect(!screen.contains("› map"), "a file's list has no map behind it")

        // Enter opens each row's trace; Esc comes back to the list.
        for (i, row) in list.rows.enumerated() {
            #expect(s.update(.key(.enter)).isEmpty, "held in full: nothing to fetch")
            #expect(s.mode == .timeline && s.timeline?.tree.trace.traceID == row.traceID)
            #expect(Self.screen(s).contains("every trace › trace " + row.traceID.hex.prefix(4)))
            _ = s.update(.key(.escape))
            #expect(s.mode == .traces && s.traces?.selectedRow == i)
            _ = s.update(.key(.down))
        }
        // Offline: searching says why, the rows stay.
        _ = s.update(.key(.char("r")))
        #expect(s.traces?.note?.contains("this view shows the traces of a file") == true)
        #expect(s.traces?.rows == list.rows)
        #expect(s.update(.key(.char("q"))) == [.quit(exitCode: 0)])
    }

    @Test func collectorRowsCarryTheirRequestsAndTheOrphansError() throws {
        let file = try Self.traces("collector-file-exporter.jsonl")
        let s = AppState.listing(file, origin: "x", settings: Settings(frozenClock: true))
        let rows = try #require(s.traces?.rows)
        let orphan = try #require(rows.first { $0.traceID.hex.hasPrefix("00f067aa") })
        #expect(orphan.orphan && orphan.failed && orphan.statusMessage == "CUDA out of memory")
        #expect(rows.first { $0.traceID.hex.hasPrefix("0af76519") }?.pod == "supersonic-triton-74c49fcf8-rxzpm")
    }

    @Test func liveTracesCommandSearchesEveryTraceOfTheWindow() throws {
        var d = TraceSearchTests.onSlowEdge()
        d.type(":traces")
        d.press(.enter)
        let request = try #require(d.searches.last)
        #expect(request.query == "{ }" && request.exemplars == nil)
        #expect(request.end - request.start == d.state.settings.windowSeconds)
        let list = try #require(d.state.traces)
        #expect(d.state.mode == .traces && list.selection == nil && !list.pages.isEmpty)
        #expect(Set(list.rows.map(\.traceID)) == Set(list.pages[0].map(\.traceID)), "a row for every hit, InferRequest or not")
    }

    @Test func replayListsEveryTraceOfItsSnapshotWithTracesCommand() throws {
        var snap = SnapshotExportTests.demoWithHistory().snapshot(createdAt: 0)
        snap.traces += try Self.traces("collector-file-exporter.jsonl")
        snap = try SnapshotJSONReader.read(Array(SnapshotJSONWriter.write(snap).utf8))
        let held = Set(snap.traces.map(\.traceID))
        #expect(held.count == 4)
        var r = AppState.replaying(snap, settings: Settings(), width: 160, height: 48)

        // An edge's requests are only those behind it.
        r.mapView.selection = .edge(snap.edges.first { $0.server.hasSuffix("b658d") && $0.client.contains("envoy") }!.key)
        _ = r.update(.key(.enter))
        let behindEdge = Set(try #require(r.traces).rows.map(\.traceID))
        #expect(!behindEdge.isEmpty && behindEdge.isStrictSubset(of: held))
        _ = r.update(.key(.escape))

        #expect(Self.type("traces", into: &r).isEmpty, "a replay searches nothing")
        let list = try #require(r.traces)
        #expect(r.mode == .traces && list.selection == nil)
        #expect(Set(list.rows.map(\.traceID)) == held)
        #expect(list.note?.contains("a replay has no network") == true)
        let screen = Self.screen(r)
        for id in held { #expect(screen.contains(String(id.hex.prefix(8)))) }
        #expect(screen.contains("sonicmap › map › every trace"))
        _ = r.update(.key(.escape))
        #expect(r.mode == .map && r.backStack.isEmpty)
    }
}
