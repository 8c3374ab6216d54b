import Testing
import SonicMapTestSupport
import SonicMapCore
import SonicMapExport
import SonicMapSources
@testable import SonicMapUI

/// `-`/`+` on the map, and pods that vanish fading out instead of blinking.
@Suite struct FoldAndFadeTests {
    static let pod = "supersonic-triton-74c49fcf8-b658d"

    /// One more refresh of the demo, `seconds` later in simulated time.
    static func refresh(_ s: inout AppState, at seconds: Double) {
        let source = DemoSource(options: DemoOptions()) { seconds }
        let data = try! source.refresh(RefreshRequest(windowSeconds: 300))
        _ = s.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
    }

    @Test func minusCollapsesTheDeploymentAndPlusExpandsItAcrossRefreshes() throws {
        var s = DemoState.make(width: 160, height: 48)
        let pods = Set(s.map.nodes.map(\.id))
        let tritons = s.map.nodes.filter { $0.role == .triton }
        s.mapView.selection = .node(Self.pod)
        _ = s.update(.key(.char("-")))

        #expect(s.mapView.selection == .node("supersonic-triton"))
        let group = try #require(s.map.node("supersonic-triton"))
        #expect(group.members.count == tritons.count)
        #expect(abs(group.incoming.rate - tritons.map(\.incoming.rate).reduce(0, +)) < 1e-9)
        #expect(s.chrome.message?.contains("collapsed supersonic-triton") == true)
        #expect(s.map.nodes.filter { $0.role == .envoy }.count == 2, "Envoys stay pods")
        let frame = s.render()
        let text = (0..<frame.height).map { frame.line($0) }
        #expect(text[0].contains("+1 folded"))
        #expect(text.contains { $0.contains("×\(tritons.count)") }, "the box says how many pods it holds")
        #expect(text.contains { $0.contains("collapsed group") }, "the details panel says so")

        // The fold survives a refresh.
        Self.refresh(&s, at: 125)
        #expect(s.map.node("supersonic-triton")?.members.count == tritons.count)
        #expect(!s.map.nodes.contains { $0.id == Self.pod })

        _ = s.update(.key(.char("+")))
        #expect(s.settings.folds.isEmpty)
        #expect(Set(s.map.nodes.map(\.id)) == pods)
        if case .node(let id)? = s.mapView.selection { #expect(tritons.map(\.id).contains(id)) } else { Issue.record("nothing selected") }
    }

    @Test func foldKeysExplainWhatTheyCannotDo() {
        var s = DemoState.make(width: 160, height: 48)
        _ = s.update(.key(.char("+")))
        #expect(s.chrome.message?.contains("select a node") == true)
        s.mapView.selection = .node(Self.pod)
        _ = s.update(.key(.char("+")))
        #expect(s.chrome.message?.contains("single pod") == true)
        s.mapView.selection = .node(OrphanNode.name)
        _ = s.update(.key(.char("-")))
        #expect(s.chrome.message?.contains("not part of a group") == true)
        #expect(s.settings.folds.isEmpty)
    }

    @Test func changingTheGroupingDropsTheFolds() {
        var s = DemoState.make(width: 160, height: 48)
        s.mapView.selection = .node(Self.pod)
        _ = s.update(.key(.char("-")))
        #expect(!s.settings.folds.isEmpty)
        _ = s.update(.key(.char("g")))
        #expect(s.settings.folds.isEmpty)
        #expect(s.map.grouping == .deployment)
    }

    @Test func helpListsTheFoldKeys() {
        #expect(HelpOverlay.keys(for: KeyScope.map).keys.contains { $0.0 == "- / +" })
    }

    // MARK: fading out

    static let envoy = "supersonic-envoy-58b98b5568-9ww7h"
    static let tritons = ["supersonic-triton-74c49fcf8-rxzpm", "supersonic-triton-74c49fcf8-kqm9p", "supersonic-triton-74c49fcf8-cvht4"]

    static func data(_ tritons: [String], at time: Double) -> RefreshData {
        let buckets = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: [6, 8, 9, 10, 10, 10, 10, 10, 10])
        let edges = tritons.enumerated().map { i, t in
            EdgeSample(
                key: EdgeKey(client: envoy, server: t), requestRate: Double(10 * (i + 1)), failedRate: 0,
                serverSecondsSumRate: 1, serverBuckets: buckets)
        }
        return RefreshData(sample: ServiceGraphSample(time: time, windowSeconds: 300, edges: edges), traces: [], time: time)
    }

    /// Three pods, then one of them gone for 40 seconds.
    static func fadingState(width: Int, height: Int) -> AppState {
        var s = AppState(settings: Settings(frozenClock: true), sourceSummary: "test")
        _ = s.update(.resize(width: width, height: height))
        for (pods, t) in [(tritons, 1000.0), (Array(tritons.dropLast()), 1040)] {
            let d = data(pods, at: t)
            _ = s.update(.refreshed(PollOutcome(result: .success(d), finishedAt: t, nextAttemptIn: 5)))
        }
        return s
    }

    @Test func aVanishedPodIsDrawnMutedAndSaysWhenItWent() throws {
        let s = Self.fadingState(width: 100, height: 30)
        let gone = try #require(s.map.node(Self.tritons[2]))
        #expect(gone.lastSeen == 1000)
        let frame = s.render()
        let box = try #require(s.mapView.layout.boxes[gone.id])
        let o = s.mapView.origin(on: s.screen)
        let top = frame.line(box.y + o.y)
        #expect(top.contains("gone 40s"))
        // Its border, name and numbers are muted; a live pod's are not.
        for (x, y) in [(box.x, box.y), (box.x, box.y + 1), (box.x + 2, box.y + 1), (box.x + 2, box.y + 2)] {
            #expect(frame[x + o.x, y + o.y].role == .muted, "cell \(x),\(y)")
        }
        let live = try #require(s.mapView.layout.boxes[Self.tritons[0]])
        #expect(frame[live.x + o.x, live.y + o.y].role != .muted)
        #expect(frame[live.x + o.x + 2, live.y + o.y + 1].role != .muted)
        // The line into it is muted too.
        let arrow = try #require(s.mapView.layout.routes[EdgeKey(client: Self.envoy, server: gone.id)]?.last)
        #expect(frame[arrow.x + o.x, arrow.y + o.y].role == .muted)
        GoldenFrame.assertMatches(frame, named: "map-gone-100x30")
    }

    @Test func aVanishedPodKeepsItsPlaceThenLeavesAfterTheWindow() {
        var s = Self.fadingState(width: 100, height: 30)
        let boxes = s.mapView.layout.boxes
        for t in [1100.0, 1299] {
            let d = Self.data(Array(Self.tritons.dropLast()), at: t)
            _ = s.update(.refreshed(PollOutcome(result: .success(d), finishedAt: t, nextAttemptIn: 5)))
            #expect(s.mapView.layout.boxes == boxes, "nothing moves while it fades (t=\(t))")
        }
        let d = Self.data(Array(Self.tritons.dropLast()), at: 1300)
        _ = s.update(.refreshed(PollOutcome(result: .success(d), finishedAt: 1300, nextAttemptIn: 5)))
        #expect(s.map.node(Self.tritons[2]) == nil)
        #expect(s.mapView.layout.boxes[Self.tritons[2]] == nil)
    }

    @Test func theDetailsAndTheTableMarkWhatIsGone() throws {
        var s = Self.fadingState(width: 160, height: 48)
        s.mapView.selection = .node(Self.tritons[2])
        let details = TextRenderer.plain(s.render())
        #expect(details.contains("gone 40s · last numbers seen"))
        s.mapView.selection = nil
        #expect(TextRenderer.plain(s.render()).contains("1 fading out"))
        _ = s.update(.key(.char("t")))
        _ = s.update(.key(.char("n")))
        s.table.selectedRow = -1
        let frame = s.render()
        let row = try #require((0..<frame.height).first { frame.line($0).contains("cvht4") })
        #expect(frame.line(row).contains("gone 40s"))
        #expect(frame[frame.line(row).distance(to: "/s"), row].role == .muted)
    }
}

private extension String {
    /// Column of the first `needle` (ASCII lines only).
    func distance(to needle: String) -> Int {
        guard let r = range(of: needle) else { return 0 }
        return self[..<r.lowerBound].count
    }
}
