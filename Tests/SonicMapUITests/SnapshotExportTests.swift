import Foundation
import Testing
import SonicMapTestSupport
import SonicMapCore

import SonicMapSources
@testable import SonicMapUI
@testable import SonicMapExport

/// Snapshots of the demo: round trip, replay, the `e` prompt, SVG and the file writer.
@Suite struct SnapshotExportTests {
    /// A demo state after several refreshes (so the history has points), with the slow
    /// pod's slowest trace opened in the timeline.
    static func demoWithHistory() -> AppState { cachedDemo }

    private static let cachedDemo = makeDemoWithHistory(width: 120, height: 40)

    private static func makeDemoWithHistory(width: Int, height: Int) -> AppState {
        let clock = ManualClock(now: 0)
        let source = DemoSource(options: DemoOptions()) { clock.now }
        var s = AppState(settings: Settings(frozenClock: true), sourceSummary: source.summary)
        s.settings.sources = SnapshotSources(demo: source.snapshotSource)
        _ = s.update(.resize(width: width, height: height))
        for at in stride(from: 90.0, through: 120, by: 5) {
            clock.now = at
            let data = try! source.refresh(RefreshRequest(windowSeconds: 300))
            _ = s.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
        }
        s.mapView.selection = .edge(s.map.edges.first { $0.key.client.contains("envoy") && $0.key.server.hasSuffix("b658d") }!.key)
        _ = s.update(.key(.enter))
        _ = s.update(.key(.enter))
        _ = s.update(.key(.escape))
        _ = s.update(.key(.escape))
        s.mapView.selection = nil
        return s
    }

    @Test func demoSnapshotRoundTrips() throws {
        let s = Self.demoWithHistory()
        let snap = s.snapshot(createdAt: 1_795_940_100)
        #expect(snap.traces.count == 1)
        #expect(snap.history.nodes.values.contains { $0.time.count == 7 })
        #expect(snap.meta.sources.demo?.at == 120)
        let text = SnapshotJSONWriter.write(snap)
        let back = try SnapshotJSONReader.read(Array(text.utf8))
        #expect(back.meta == snap.meta)
        #expect(back.nodes == snap.nodes)
        #expect(back.edges == snap.edges)
        #expect(back.history == snap.history)
        #expect(back.layout == snap.layout)
        #expect(back.traces == snap.traces)
        #expect(back == snap)
    }

    /// The map a replay shows is the map that was snapshotted: same boxes, same numbers.
    @Test func replayShowsTheSameMap() throws {
        let s = Self.demoWithHistory()
        let snap = try SnapshotJSONReader.read(Array(SnapshotJSONWriter.write(s.snapshot(createdAt: 1_795_940_100)).utf8))
        let replay = AppState.replaying(snap, settings: Settings(), width: 120, height: 40)
        let live = TextRenderer.plain(s.render()).split(separator: "\n")
        let again = TextRenderer.plain(replay.render()).split(separator: "\n")
        #expect(live.dropLast() == again.dropLast())
        #expect(again.last?.contains("REPLAY") == true)
        #expect(again.last?.contains("snapshot 2026-11-29T08:15:00Z") == true)
        // Sparklines came back with the history.
        #expect(replay.feed.history.nodes.values.map(\.count).max() == 7)
    }

    @Test func replayExplainsWhatNeedsTheNetwork() throws {
        let snap = Self.demoWithHistory().snapshot(createdAt: 0)
        var r = AppState.replaying(snap, settings: Settings(), width: 120, height: 40)
        let before = r.map
        for key in [Key.char("r"), .char("p"), .char("g")] {
            #expect(r.update(.key(key)).isEmpty)
            #expect(r.chrome.message?.contains("unavailable: a replay has no network") == true, "\(key)")
        }
        #expect(r.map == before)
        r.mapView.selection = .node(snap.nodes.first { $0.role == .triton }!.id)
        _ = r.update(.key(.char("-")))
        #expect(r.chrome.message?.contains("unavailable: a replay holds the map as it was taken") == true)
        #expect(r.map == before)
        for command in ["window 15m", "group role"] {
            _ = r.update(.key(.char(":")))
            for c in command { _ = r.update(.key(.char(c))) }
            #expect(r.update(.key(.enter)).isEmpty)
            #expect(r.chrome.message?.contains("unavailable") == true)
        }
        // The traces the snapshot holds open as in the live view.
        r.mapView.selection = .edge(snap.edges.first { $0.server.hasSuffix("b658d") && $0.client.contains("envoy") }!.key)
        _ = r.update(.key(.enter))
        #expect(r.mode == .traces)
        #expect(r.traces?.rows.count == 1)
        _ = r.update(.key(.enter))
        #expect(r.mode == .timeline)
        #expect(TextRenderer.plain(r.render()).contains("InferRequest"))
    }

    @Test func exportPromptAsksFormatAndPathThenConfirmsOverwrite() throws {
        var s = DemoState.make(width: 120, height: 40)
        s.now = 1_795_940_100
        _ = s.update(.key(.char("e")))
        #expect(s.chrome.input?.purpose == .export)
        #expect(s.chrome.input?.text == "json ./sonicmap-20261129-081500.json")
        #expect(TextRenderer.plain(s.render()).contains("export json ./sonicmap-20261129-081500.json"))
        _ = s.update(.key(.tab))
        #expect(s.chrome.input?.text == "dot ./sonicmap-20261129-081500.dot")
        _ = s.update(.key(.backTab))
        _ = s.update(.key(.backTab))
        #expect(s.chrome.input?.text == "otlp ./sonicmap-20261129-081500.otlp.json")
        _ = s.update(.key(.tab))
        let commands = s.update(.key(.enter))
        guard case .export(let job)? = commands.first else {
            Issue.record("Enter gave \(commands)")
            return
        }
        #expect(job.format == .json && !job.force && job.path == "./sonicmap-20261129-081500.json")
        #expect(job.snapshot.nodes.count == s.map.nodes.count)
        // The picture is the screen without the prompt.
        #expect(!TextRenderer.plain(job.picture).contains("export json"))

        _ = s.update(.exported(.exists(job)))
        #expect(TextRenderer.plain(s.render()).contains("exists; overwrite? (y/n)"))
        let again = s.update(.key(.char("y")))
        guard case .export(let forced)? = again.first else {
            Issue.record("y gave \(again)")
            return
        }
        #expect(forced.force)
        _ = s.update(.exported(.written(path: job.path, bytes: 2048)))
        #expect(s.chrome.message == "wrote ./sonicmap-20261129-081500.json (2.0 KB)")

        _ = s.update(.exported(.exists(job)))
        #expect(s.update(.key(.char("n"))).isEmpty)
        #expect(s.chrome.message?.contains("kept") == true)

        _ = s.update(.key(.char("e")))
        for _ in 0..<40 { _ = s.update(.key(.backspace)) }
        for c in "png x.png" { _ = s.update(.key(.char(c))) }
        #expect(s.update(.key(.enter)).isEmpty)
        #expect(s.chrome.message?.contains("json, dot, mermaid, svg, text, otlp") == true)

        _ = s.update(.key(.char("e")))
        for _ in 0..<40 { _ = s.update(.key(.backspace)) }
        for c in "otlp" { _ = s.update(.key(.char(c))) }
        #expect(s.update(.key(.enter)).isEmpty)
        #expect(s.chrome.message?.contains("open a trace") == true)
    }

    @Test func otlpExportOfTheOpenTraceReadsBack() throws {
        var s = Self.demoWithHistory()
        s.mapView.selection = .edge(s.map.edges.first { $0.key.client.contains("envoy") && $0.key.server.hasSuffix("b658d") }!.key)
        _ = s.update(.key(.enter))
        _ = s.update(.key(.enter))
        #expect(s.mode == .timeline)
        _ = s.update(.key(.char("e")))
        #expect(s.chrome.input?.text.hasPrefix("otlp ") == true)
        guard case .export(let job)? = s.update(.key(.enter)).first else {
            Issue.record("no export")
            return
        }
        let bytes = try SnapshotExporter.encode(job, theme: .builtinDefault)
        let trace = try TraceDecoder.decode(bytes)
        #expect(trace.traceID == job.traceID)
        #expect(TraceJSON.render(trace) == TraceJSON.render(s.timeline!.shared.tree.trace))
    }

    @Test func svgIsAPictureInThemeColoursWithEscapedText() throws {
        var canvas = Canvas(width: 30, height: 3)
        canvas.put("<script>&\"x\"</script>", x: 0, y: 0, role: .healthBad)
        canvas.put("\u{1B}[2J漢字 ok", x: 0, y: 1, role: .text)
        canvas.put("status", x: 0, y: 2, role: .statusBar)
        let svg = SVGRenderer.render(canvas, theme: .builtinDefault)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("&lt;script&gt;&amp;&quot;x&quot;&lt;/script&gt;"))
        #expect(!svg.contains("<script>"))
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(svg.contains(">漢字 ok</text>"))
        // healthBad is red in the default theme; the status bar is reversed (a filled rect).
        let red = SVGRenderer.hex(SVGRenderer.darkBasic[1])
        #expect(svg.contains("fill=\"\(red)\""))
        #expect(svg.contains("<rect x=\"0\" y=\"34\""))
        // Wide characters keep the grid: 漢字 takes four columns.
        #expect(svg.contains("textLength=\"\(SVGRenderer.fmt(7 * SVGRenderer.cellWidth))\""))
    }

    /// The title carries snapshot text (`createdAt`), which a hostile snapshot can make
    /// 20,000 characters long: it is cut like DOT and Mermaid labels, and stays escaped.
    @Test func svgTitleIsCutAndEscaped() throws {
        let canvas = Canvas(width: 20, height: 2)
        let svg = SVGRenderer.render(canvas, theme: .builtinDefault, title: "<b>" + String(repeating: "x&", count: 10_000))
        let title = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<title>") })
        #expect(title.hasPrefix("<title>&lt;b&gt;x&amp;"))
        #expect(title.hasSuffix("…</title>"))
        let shown = title.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        #expect(shown.count == "<title></title>".count + SVGRenderer.maxTitleCharacters)
        #expect(svg.utf8.count < 4_000, "\(svg.utf8.count) bytes for an empty 20x2 picture")
    }

    @Test func filesAreWrittenAtomicallyAndNeverClobbered() throws {
        let dir = try scratchDirectory("export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("map.json").path
        try ExportFile.write(Array("one".utf8), to: path, force: false)
        #expect(throws: ExportFile.Failure.exists(path)) { try ExportFile.write(Array("two".utf8), to: path, force: false) }
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "one")
        try ExportFile.write(Array("three".utf8), to: path, force: true)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "three")
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["map.json"])
        do {
            try ExportFile.write([], to: dir.path + "/missing/x.json", force: false)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.description.contains("does not exist"))
        }
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
            #expect(throws: ExportFile.Failure.self) { try ExportFile.write([1], to: dir.path + "/y.json", force: false) }
        }
    }
}
