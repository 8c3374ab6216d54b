import Foundation
import Testing
import SonicMapTestSupport
import SonicMapCore
import SonicMapExport
import SonicMapSources
@testable import SonicMapUI

/// A source whose search and fetch answer what the test says.
final class StubSource: MapSource {
    var summary: String { "stub" }
    let searchError: String?
    let result: TraceSearchResult
    let traces: [TraceID: Trace]

    init(searchError: String? = nil, result: TraceSearchResult = TraceSearchResult(hits: [], traces: []), traces: [TraceID: Trace] = [:]) {
        self.searchError = searchError
        self.result = result
        self.traces = traces
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func refresh(_ request: RefreshRequest) throws -> RefreshData { throw Failure(description: "no refresh") }

    func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult {
        if let searchError { throw Failure(description: searchError) }
        return result
    }

    func fetchTrace(id: TraceID) throws -> Trace {
        guard let t = traces[id] else { throw Failure(description: "trace \(id.hex) not found in Tempo") }
        return t
    }
}

/// A source with no traces at all: the `MapSource` defaults answer.
final class TracelessSource: MapSource {
    var summary: String { "snapshot x.json" }
    func refresh(_ request: RefreshRequest) throws -> RefreshData { RefreshData(sample: nil, traces: [], time: 0) }
}

/// The traces view's search: asked off the UI thread, shown while loading, its errors on
/// screen, paged, with exemplars; traces opened by row or by `:trace`, fetched when needed.
@Suite struct TraceSearchTests {
    /// The demo at 160×48 with the edge into the throttled pod selected.
    static func onSlowEdge(width: Int = 160, height: Int = 48) -> CommandDriver {
        let (state, source) = DemoState.makeWithSource(width: width, height: height)
        var d = CommandDriver(state, source: source)
        let edge = d.state.map.edges.first { $0.key.client.contains("envoy") && $0.key.server.hasSuffix("b658d") }!.key
        d.state.mapView.selection = .edge(edge)
        return d
    }

    static func screen(_ s: AppState) -> String { TextRenderer.plain(s.render()) }

    @Test func enterAsksForTheSearchAndShowsTheRefreshRowsMeanwhile() throws {
        var d = Self.onSlowEdge()
        d.answers = false
        d.press(.enter)
        let request = try #require(d.searches.first)
        let t = try #require(d.state.traces)
        #expect(request.query == t.query && request.limit == TracesState.pageSize)
        #expect(request.end == d.state.status.dataTime && request.end - request.start == 300)
        #expect(request.exemplars?.servers.allSatisfy { $0.hasSuffix("b658d") } == true)
        #expect(request.exemplars?.clients.allSatisfy { $0.contains("envoy") } == true)
        #expect(!request.known.isEmpty, "the refresh's traces are not fetched again")
        guard case .searching = t.status else { Issue.record("not searching: \(t.status)"); return }
        #expect(!t.rows.isEmpty && t.pages.isEmpty)
        #expect(Self.screen(d.state).contains("searching demo seed 1 for traces…"))
        // Keys still work while the source is busy.
        d.press(.char("j"))
        #expect(d.state.traces?.selectedRow == 1)
        d.answer()
        #expect(d.state.traces?.status == .idle)
        #expect(Self.screen(d.state).contains("page 1 · 20 traces found · newest first · ◆"))
    }

    @Test func answersToSearchesNoLongerAwaitedAreDropped() throws {
        var d = Self.onSlowEdge()
        d.answers = false
        d.press(.enter)
        d.press(.char("r"))
        #expect(d.searches.count == 2)
        let stale = d.pending.removeFirst()
        guard case .searchTraces(let request, let id) = stale else { Issue.record("not a search"); return }
        _ = d.state.update(.tracesFound(TraceSearchOutcome(id: id, request: request, result: .failure(SourceFailure(.other, "stale")))))
        guard case .searching = d.state.traces!.status else { Issue.record("stale answer taken"); return }
        d.answer()
        #expect(d.state.traces?.status == .idle)
    }

    @Test func editedQueryRunsOnEnterAndTempoErrorsShowOnScreen() throws {
        let (state, _) = DemoState.makeWithSource(width: 80, height: 24)
        let stub = StubSource(
            searchError: "Tempo rejected the search { name = : invalid TraceQL query: parse error at line 1, col 10: syntax error: unexpected $end")
        var d = CommandDriver(state, source: stub)
        d.state.mapView.selection = .edge(d.state.map.edges.first { !$0.isOrphanEdge }!.key)
        d.press(.enter)
        let before = try #require(d.state.traces?.rows)
        d.press(.char("/"))
        #expect(d.state.chrome.input?.purpose == .query)
        #expect(d.state.chrome.input?.text == d.state.traces?.query, "the query is edited, not retyped")
        d.press(.ctrl("u"))
        d.type("{ name = ")
        #expect(Self.screen(d.state).split(separator: "\n").last?.hasPrefix("TraceQL { name =") == true)
        d.press(.enter)
        #expect(d.searches.last?.query == "{ name = ")
        #expect(d.state.traces?.query == "{ name = ")
        #expect(d.state.traces?.status == .failed(stub.searchError!))
        #expect(d.state.traces?.rows == before, "the rows on screen stay")
        // At 80 columns the message wraps over the lines under the query.
        let screen = Self.screen(d.state).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(screen.contains("invalid TraceQL query: parse error at line 1, col 10: syntax error: unexpected $end"), "\(screen)")
    }

    @Test func theDemoExplainsTraceQLItCannotRun() throws {
        var d = Self.onSlowEdge()
        d.press(.enter, .char("/"), .ctrl("u"))
        d.type("{ } | count() > 2")
        d.press(.enter)
        guard case .failed(let message)? = d.state.traces?.status else { Issue.record("no error"); return }
        #expect(message.contains("pipelines") && message.contains("it understands a subset"))
    }

    @Test func aSourceWithoutTracesSaysSo() throws {
        var state = DemoState.make(width: 120, height: 40)
        state.mapView.selection = .node(state.map.nodes[0].id)
        var d = CommandDriver(state, source: TracelessSource())
        d.press(.enter)
        guard case .failed(let message)? = d.state.traces?.status else { Issue.record("no error"); return }
        #expect(message == "trace search is unavailable for this source (snapshot x.json)")
        d.send(.key(.char(":")))
        d.type("trace abc")
        d.press(.enter)
        #expect(d.state.chrome.message == "fetching a trace by id is unavailable for this source (snapshot x.json)")
    }

    /// A replay (or one trace on its own) has no network: the requests at hand stay, and
    /// searching or fetching says why instead of waiting for an answer that never comes.
    @Test func offlineViewsSayWhySearchingAndFetchingCannotRun() throws {
        var d = Self.onSlowEdge()
        d.state.settings.offlineReason = "a replay has no network"
        d.press(.enter)
        #expect(d.asked.isEmpty)
        let t = try #require(d.state.traces)
        #expect(t.status == .idle && !t.rows.isEmpty)
        #expect(t.note == "searching traces is unavailable: a replay has no network; these are the requests at hand")
        d.press(.char("]"))
        #expect(d.asked.isEmpty)
        d.press(.char(":"))
        d.type("trace 1")
        d.press(.enter)
        #expect(d.asked.isEmpty && d.state.mode == .traces)
        #expect(d.state.chrome.message == "fetching trace 00000000000000000000000000000001 is unavailable: a replay has no network")
        d.press(.enter)
        #expect(d.state.mode == .timeline, "a request at hand still opens")
    }

    @Test func pagesGoBackInTimeAndReturn() throws {
        var d = Self.onSlowEdge()
        d.press(.enter)
        let first = try #require(d.state.traces)
        let oldestFirst = try #require(first.pages[0].map(\.startUnixNano).min())
        d.press(.char("]"))
        let older = try #require(d.searches.last)
        #expect(older.olderThanUnixNano == oldestFirst && older.exemplars == nil)
        #expect(older.listed == Set(first.pages[0].map(\.traceID)), "the next page leaves out every trace listed")
        var t = try #require(d.state.traces)
        #expect(t.page == 1 && t.pages.count == 2)
        #expect(Set(t.pages[1].map(\.traceID)).isDisjoint(with: t.pages[0].map(\.traceID)))
        #expect(t.rows.allSatisfy { row in t.pages[1].contains { $0.traceID == row.traceID } }, "exemplars are listed on the first page only")
        let searchesSoFar = d.searches.count
        d.press(.char("["))
        t = try #require(d.state.traces)
        #expect(t.page == 0 && d.searches.count == searchesSoFar, "a page already fetched is not asked again")
        #expect(t.rows == first.rows)
        d.press(.char("["))
        #expect(d.state.chrome.message == "this is the newest page")
        d.press(.char("]"))
        #expect(d.state.traces?.page == 1 && d.searches.count == searchesSoFar)
        for _ in 0..<10 where d.state.traces?.note == nil { d.press(.char("]")) }
        #expect(d.state.traces?.note == "no older traces in the window")
        #expect(Self.screen(d.state).contains("no older traces in the window"))
    }

    @Test func rowsNotHeldAreFetchedWhenOpened() throws {
        let (state, demo) = DemoState.makeWithSource(width: 120, height: 40)
        let trace = try #require(demo.simulator.traces.sampled.first)
        let stub = StubSource(
            result: TraceSearchResult(
                hits: [TraceSummary(summarizing: trace)], exemplars: [TraceExemplar(traceID: TraceID(high: 0, low: 0xE), seconds: 2, time: 1_767_225_700)], traces: []),
            traces: [trace.traceID: trace])
        var s = state
        s.mapView.selection = .edge(s.map.edges.first { !$0.isOrphanEdge }!.key)
        s.feed.data?.traces = []
        var d = CommandDriver(s, source: stub)
        d.press(.enter)
        let rows = try #require(d.state.traces?.rows)
        #expect(rows.count == 2 && rows.allSatisfy { !$0.fetched })
        #expect(rows[0].exemplar && rows[0].durationNanos == 2_000_000_000, "the exemplar's observed latency, slowest first")
        #expect(Self.screen(d.state).contains("not fetched: Enter fetches it"))
        d.press(.char("j"), .enter)
        #expect(d.asked.contains(.fetchTrace(trace.traceID, id: d.state.lastRequestID)))
        #expect(d.state.mode == .timeline && d.state.timeline?.tree.trace.traceID == trace.traceID)
        d.press(.escape, .char("k"), .enter)
        #expect(d.state.mode == .traces)
        #expect(d.state.chrome.message?.contains("trace 0000000000000000000000000000000e not found") == true)
    }

    @Test func traceCommandOpensHeldOrFetchedTracesAndReportsUnknownOnes() throws {
        let (state, source) = DemoState.makeWithSource(width: 120, height: 40)
        var d = CommandDriver(state, source: source)
        let held = try #require(d.state.feed.data?.traces.first)
        d.press(.char(":"))
        d.type("trace \(held.traceID.hex)")
        d.press(.enter)
        #expect(d.state.mode == .timeline && d.state.timeline?.tree.trace.traceID == held.traceID)
        #expect(d.asked.isEmpty, "a trace in the last refresh opens without asking the source")
        d.press(.escape)
        #expect(d.state.mode == .map)

        let older = try #require(source.simulator.traces.sampled.first { t in !d.state.feed.data!.traces.contains { $0.traceID == t.traceID } })
        d.press(.char(":"))
        d.type("trace \(older.traceID.hex)")
        d.press(.enter)
        #expect(d.state.mode == .timeline && d.state.timeline?.tree.trace.traceID == older.traceID)
        d.press(.escape)

        d.press(.char(":"))
        d.type("trace 1")
        d.press(.enter)
        #expect(d.state.mode == .map)
        #expect(d.state.chrome.message == "trace 00000000000000000000000000000001 not found in the demo (it keeps the last hour of traces)")
        #expect(Self.screen(d.state).contains("trace 00000000000000000000000000000001 not found"))

        d.press(.char(":"))
        d.type("trace xyz")
        d.press(.enter)
        #expect(d.state.chrome.message?.hasPrefix("trace needs an id of 1–32 hex digits") == true)
    }
}
