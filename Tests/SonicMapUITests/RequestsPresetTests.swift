import SonicMapCore
import SonicMapExport
import Testing
import SonicMapTestSupport
@testable import SonicMapUI

/// The requests view of issue 12: orphans behind `unsampled`, the slowest/errors presets,
/// newest-first rows and the status-message column.
@Suite struct RequestsPresetTests {
    @Test func enterOnUnsampledListsTheOrphanRequests() throws {
        let (state, source) = DemoState.makeWithSource(width: 160, height: 48)
        var d = CommandDriver(state, source: source)
        #expect(d.state.map.node(OrphanNode.name) != nil, "the demo has orphans")
        d.state.mapView.selection = .node(OrphanNode.name)
        d.press(.enter)
        let request = try #require(d.searches.first)
        #expect(request.query == #"{ } !> { name = "InferRequest" }"#)
        let t = try #require(d.state.traces)
        #expect(t.status == .idle && !t.rows.isEmpty)
        #expect(t.rows.allSatisfy { $0.orphan }, "every row is an InferRequest without a parent span")

        let edge = try #require(d.state.map.edges.first { $0.key.client == OrphanNode.name }).key
        d.press(.escape)
        d.state.mapView.selection = .edge(edge)
        d.press(.enter)
        let onEdge = try #require(d.searches.last)
        #expect(onEdge.query.hasPrefix("{ } !> { resource.service.name") && onEdge.query.hasSuffix(#"&& name = "InferRequest" }"#))
        #expect(try #require(d.state.traces).rows.allSatisfy { $0.orphan && $0.pod == edge.server || PodName($0.pod).short == PodName(edge.server).short })
    }

    @Test func presetsOrderBySlowestAndFilterErrorsAndToggleBack() throws {
        var d = TraceSearchTests.onSlowEdge()
        d.press(.enter)
        var t = try #require(d.state.traces)
        #expect(t.preset == .newest)
        #expect(t.rows.map(\.startUnixNano) == t.rows.map(\.startUnixNano).sorted(by: >), "newest first")

        d.press(.char("s"))
        let slow = try #require(d.searches.last)
        #expect(slow.order == .slowest && slow.query == t.baseQuery)
        t = try #require(d.state.traces)
        #expect(t.preset == .slowest && !t.rows.isEmpty)
        #expect(t.rows.map(\.durationNanos) == t.rows.map(\.durationNanos).sorted(by: >), "slowest first")
        #expect(TraceSearchTests.screen(d.state).contains("slowest first (of the newest 1000 in the window)"))

        d.press(.char("x"))
        let errors = try #require(d.searches.last)
        #expect(errors.order == .newest && errors.query == "(\(t.baseQuery)) && { status = error }")
        t = try #require(d.state.traces)
        #expect(t.preset == .errors && !t.rows.isEmpty)
        #expect(t.rows.allSatisfy { $0.failed }, "only failed requests")

        d.press(.char("x"))
        t = try #require(d.state.traces)
        #expect(t.preset == .newest && t.query == t.baseQuery && d.searches.last?.query == t.baseQuery)

        d.press(.char("/"))
        d.type(" ")
        d.press(.enter)
        #expect(d.state.traces?.baseQuery == t.baseQuery + " " && d.state.traces?.preset == .newest, "/ edits the query behind the presets")
    }

    @Test func errorsPresetKeepsTracesWithAFailedSpan() {
        #expect(TracesPreset.errors.query(from: #"{ a = 1 } >> { b = 2 }"#) == #"({ a = 1 } >> { b = 2 }) && { status = error }"#)
        #expect(TracesPreset.errors.query(from: "{ status = error }") == "{ status = error }")
        #expect(TracesPreset.slowest.query(from: "{ a = 1 }") == "{ a = 1 }")
    }

    @Test func statusMessageShowsAsAColumnOrInPlaceOfTheBar() throws {
        var d = TraceSearchTests.onSlowEdge()
        d.press(.enter)
        let t = try #require(d.state.traces)
        let id = try #require(t.rows.first).traceID
        var trace = try #require(t.traces[id])
        let i = try #require(trace.spans.firstIndex { $0.name == "InferRequest" })
        trace.spans[i].status = .error
        trace.spans[i].statusMessage = "CUDA out of memory\u{1b}[31m"
        let row = try #require(TraceRow.rows(of: trace, for: t.selection, map: d.state.map, fallback: true).first)
        #expect(row.failed && row.statusMessage == "CUDA out of memory\u{1b}[31m")

        for (width, header) in [(160, "MESSAGE"), (80, "PER HOP/MESSAGE")] {
            var s = d.state
            _ = s.update(.resize(width: width, height: 30))
            s.traces = TracesState(selection: t.selection, map: s.map, refreshTraces: [trace], windowStart: t.windowStart, windowEnd: t.windowEnd)
            let screen = TextRenderer.plain(s.render())
            #expect(screen.contains(header))
            let line = try #require(screen.split(separator: "\n").first { $0.contains("CUDA out") })
            #expect(line.contains("error") && !line.contains("\u{1b}"), "the message is drawn made safe: \(line)")
        }
    }
}
