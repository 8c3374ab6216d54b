import Foundation
import Testing
import SonicMapTestSupport
import SonicMapCore
import SonicMapExport
@testable import SonicMapUI

/// map → edge → traces → timeline → span → back to the map, driven through `update`.
@Suite struct JourneyTests {
    static func slowEdgeState(width: Int = 160, height: Int = 48) -> AppState {
        var s = DemoState.make(width: width, height: height)
        let edge = s.map.edges.first { $0.key.client.contains("envoy") && $0.key.server.hasSuffix("b658d") }!.key
        s.mapView.selection = .edge(edge)
        return s
    }

    @Test func drillFromEdgeToSpanAndBack() throws {
        var s = Self.slowEdgeState()
        _ = s.update(.key(.enter))
        #expect(s.mode == .traces)
        let traces = try #require(s.traces)
        #expect(!traces.rows.isEmpty)
        #expect(traces.rows.allSatisfy { $0.pod.hasSuffix("b658d") })
        #expect(traces.rows.map(\.startUnixNano) == traces.rows.map(\.startUnixNano).sorted(by: >), "newest first")
        #expect(traces.query.contains("b658d"))
        _ = s.update(.key(.char("s")))
        #expect(s.traces?.preset == .slowest)
        #expect(s.traces.map { $0.rows.map(\.durationNanos) == $0.rows.map(\.durationNanos).sorted(by: >) } == true, "slowest first")

        _ = s.update(.key(.enter))
        #expect(s.mode == .timeline)
        let t = try #require(s.timeline)
        #expect(t.rows.count == t.spans.count)
        // The slowest request on the throttled pod spends its time queueing or inferring.
        let r = try #require(t.shared.analysis.requests.first)
        let queueOrInfer = (r.phases[.queue] ?? 0) + (r.phases[.infer] ?? 0)
        #expect(Double(queueOrInfer) > 0.5 * Double(r.rootDurationNanos))
        let text = TextRenderer.plain(s.render())
        #expect(text.contains("InferRequest"))
        #expect(text.contains("trace "))

        _ = s.update(.key(.char("j")))
        _ = s.update(.key(.enter))
        #expect(s.timeline?.showDetails == true)
        let details = TextRenderer.plain(s.render())
        #expect(details.contains("span ") && details.contains("service"))
        #expect(ChromeLine.header(s).contains("span "))

        _ = s.update(.key(.escape))
        #expect(s.timeline?.showDetails == false)
        _ = s.update(.key(.escape))
        #expect(s.mode == .traces)
        _ = s.update(.key(.escape))
        #expect(s.mode == .map)
    }

    /// The whole journey by keys, with the source answering the search as the poller would:
    /// Tab to the edge into the throttled pod, Enter for its requests, Enter for the slowest
    /// one's timeline, j Enter for a span's details, then Esc back to the map.
    @Test func keysFromMapThroughTracesTimelineAndSpanBackToMap() throws {
        let (state, source) = DemoState.makeWithSource(width: 160, height: 48)
        var d = CommandDriver(state, source: source)
        let stops = d.state.map.nodes.count + d.state.map.edges.count
        func onSlowEdge() -> Bool {
            if case .edge(let k)? = d.state.mapView.selection { return k.client.contains("envoy") && k.server.hasSuffix("b658d") }
            return false
        }
        for _ in 0..<stops where !onSlowEdge() { d.press(.tab) }
        #expect(onSlowEdge())
        let edge = d.state.mapView.selection

        d.press(.enter)
        #expect(d.state.mode == .traces)
        let traces = try #require(d.state.traces)
        #expect(d.searches.count == 1 && d.searches[0].query == traces.query)
        #expect(traces.query.contains(">>") && traces.query.contains("b658d"))
        #expect(traces.status == .idle && traces.pages.count == 1)
        #expect(!traces.rows.isEmpty && traces.rows.allSatisfy { $0.pod.hasSuffix("b658d") && $0.fetched })
        #expect(traces.rows.map(\.startUnixNano) == traces.rows.map(\.startUnixNano).sorted(by: >), "newest first")
        #expect(traces.rows.contains { $0.exemplar }, "exemplars of the edge's histogram are listed")
        #expect(TextRenderer.plain(d.state.render()).contains("◆"))
        d.press(.char("s"))
        let slowest = try #require(d.state.traces)
        #expect(slowest.rows.map(\.durationNanos) == slowest.rows.map(\.durationNanos).sorted(by: >), "slowest first")

        d.press(.enter)
        #expect(d.state.mode == .timeline)
        let t = try #require(d.state.timeline)
        #expect(t.tree.trace.traceID == slowest.rows[0].traceID, "the slowest request opens")
        let r = try #require(t.shared.analysis.requests.first)
        let queueOrInfer = (r.phases[.queue] ?? 0) + (r.phases[.infer] ?? 0)
        #expect(Double(queueOrInfer) > 0.5 * Double(r.rootDurationNanos), "the throttled pod's time goes to queue or infer")
        let phases = d.state.render().line(2)
        #expect(phases.range(of: #"per hop .*(queue|infer) [0-9.]+(s|ms) \(\d+%\)"#, options: .regularExpression) != nil, "\(phases)")

        d.press(.char("j"), .enter)
        #expect(d.state.timeline?.showDetails == true)
        #expect(ChromeLine.header(d.state).contains("› span "))

        d.press(.escape)
        #expect(d.state.timeline?.showDetails == false && d.state.mode == .timeline)
        d.press(.escape)
        #expect(d.state.mode == .traces)
        d.press(.escape)
        #expect(d.state.mode == .map && d.state.mapView.selection == edge && d.state.backStack.isEmpty)
    }

    @Test func timelineCollapsesFiltersZoomsAndShowsTheCriticalPath() throws {
        var s = Self.slowEdgeState()
        _ = s.update(.key(.enter))
        _ = s.update(.key(.enter))
        var t = try #require(s.timeline)
        let all = t.rows.count
        _ = s.update(.key(.char("[")))
        t = s.timeline!
        #expect(t.rows.count == t.tree.roots.count)
        _ = s.update(.key(.char("]")))
        #expect(s.timeline!.rows.count == all)
        _ = s.update(.key(.char("c")))
        #expect(s.timeline!.rows.count <= all && s.timeline!.criticalOnly)
        _ = s.update(.key(.char("c")))
        _ = s.update(.key(.char("/")))
        for c in "name=compute" { _ = s.update(.key(.char(c))) }
        _ = s.update(.key(.enter))
        t = s.timeline!
        #expect(t.matches.count == 1)
        #expect(t.spans[t.selectedSpan!].name == "compute")
        #expect(s.chrome.message?.contains("1 spans match") == true)
        _ = s.update(.key(.char("z")))
        #expect(s.timeline!.zoom != nil)
        _ = s.update(.key(.escape))
        #expect(s.timeline!.zoom == nil && s.mode == .timeline)
    }

    @Test func spanFilterLanguage() {
        let span = Span(traceID: TraceID(high: 0, low: 1), spanID: SpanID(1), parentSpanID: nil, name: "compute", kind: .server,
                        startUnixNano: 0, endUnixNano: 12_000_000, attributes: [Attribute("triton.model_name", .string("deeptau"))],
                        service: "supersonic-triton-x")
        #expect(SpanFilter(">10ms").matches(span))
        #expect(!SpanFilter("<10ms").matches(span))
        #expect(SpanFilter("service=triton name=comp").matches(span))
        #expect(SpanFilter("triton.model_name=deep").matches(span))
        #expect(SpanFilter("deeptau").matches(span))
        #expect(!SpanFilter("envoy").matches(span))
    }
}

/// The header line as text, for breadcrumb checks.
enum ChromeLine {
    static func header(_ s: AppState) -> String { s.render().line(0) }
}
