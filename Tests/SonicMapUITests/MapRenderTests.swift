import Testing
import SonicMapTestSupport
import SonicMapCore
import SonicMapExport
import SonicMapSources
@testable import SonicMapUI

@Suite struct MapRenderTests {
    @Test func goldenEdgeSelected120x40() {
        var s = DemoState.make(width: 120, height: 40)
        let edge = s.map.edges.first { !$0.isOrphanEdge && $0.key.server.hasSuffix("b658d") }!.key
        s.mapView.selection = .edge(edge)
        GoldenFrame.assertMatches(s.render(), named: "map-edge-selected-120x40")
    }

    @Test func goldenTable120x40() {
        var s = DemoState.make(width: 120, height: 40)
        _ = s.update(.key(.char("t")))
        GoldenFrame.assertMatches(s.render(), named: "table-edges-120x40")
    }

    @Test func goldenASCII100x30() {
        GoldenFrame.assertMatches(DemoState.make(width: 100, height: 30, ascii: true).render(), named: "map-ascii-100x30")
    }

    /// Every Envoy and Triton pod is on screen with a rate.
    @Test func mapShowsEveryPodWithNumbers() {
        let text = TextRenderer.plain(DemoState.make(width: 160, height: 48).render())
        for pod in DemoDeployment.supersonic.envoys + DemoDeployment.supersonic.tritons.map(\.name) {
            let short = PodName(pod).short
            let line = text.split(separator: "\n").first { $0.contains(short) }
            #expect(line != nil, "\(short) missing")
        }
        #expect(text.contains("/s"))
    }

    @Test func tinyTerminalSaysHowBigItMustBe() {
        let text = TextRenderer.plain(DemoState.make(width: 40, height: 10).render())
        #expect(text.contains("enlarge the terminal to at least"))
        #expect(text.contains("60×15"))
        for w in [1, 2, 5, 59] { _ = DemoState.make(width: w, height: 3).render() }
    }

    @Test func asciiFramesHoldNoBoxDrawing() {
        let text = TextRenderer.plain(DemoState.make(width: 120, height: 40, ascii: true).render())
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func renderingIsDeterministic() {
        #expect(DemoState.make(width: 120, height: 40).render() == DemoState.make(width: 120, height: 40).render())
    }

    /// Numbers change between refreshes; boxes do not move. When a rare edge comes or
    /// goes, the other boxes keep their order.
    @Test func layoutIsStableBetweenRefreshes() {
        let source = DemoSource(options: DemoOptions()) { 0 }
        var state = AppState(settings: Settings(frozenClock: true), sourceSummary: "demo")
        _ = state.update(.resize(width: 160, height: 48))
        var layouts: [(MapTopology, MapLayout)] = []
        for t in stride(from: 200.0, through: 400, by: 10) {
            source.simulator.advance(to: t)
            let sample = source.simulator.sample(windowSeconds: 300)
            let traces = source.simulator.traces.recent(endUnixNano: UInt64(sample.time * 1e9), windowSeconds: 300, limit: 400)
            let data = RefreshData(sample: sample, traces: traces, time: sample.time)
            _ = state.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
            layouts.append((state.map.topology, state.mapView.layout))
        }
        var sameTopology = 0, changedTopology = 0
        for (a, b) in zip(layouts, layouts.dropFirst()) {
            if a.0 == b.0 {
                sameTopology += 1
                #expect(a.1 == b.1)
            } else {
                changedTopology += 1
                for (la, lb) in zip(a.1.layers, b.1.layers) {
                    let common = Set(la).intersection(lb)
                    #expect(la.filter(common.contains) == lb.filter(common.contains), "order of surviving nodes changed")
                }
            }
        }
        #expect(sameTopology > 0)
    }
}
