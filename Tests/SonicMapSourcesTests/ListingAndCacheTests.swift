import Foundation
import SonicMapCore
import Testing
import SonicMapTestSupport
@testable import SonicMapSources

/// Issue 12 in Sources: listings and trace fetches against the Tempo stand-in (a Tempo
/// with and without query hints, a server answering `{"metrics":{}}`), the trace cache
/// across refreshes, and the poller's fixed cadence.
@Suite(.serialized) struct ListingAndCacheTests {
    let http = HTTPClient()

    @Test func aSecondRefreshFetchesNoTraceHeldComplete() throws {
        let (tempo, ids) = try LiveSourceTests.standin(ages: [120, 90, 60])
        defer { tempo.stop() }
        let source = try LiveSource(tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: nil, options: .init(traceFetchLimit: 3), http: http)
        let before = http.finishedRequests
        let first = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(http.finishedRequests - before == 1 + 3)
        let again = http.finishedRequests
        let second = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(http.finishedRequests - again == 1, "the search only: every trace was complete when fetched")
        #expect(second.traces.map(\.traceID) == first.traces.map(\.traceID) && Set(second.traces.map(\.traceID)) == Set(ids))
        let searchOnly = http.finishedRequests
        let r = try source.searchTraces(TraceSearchRequest(query: #"{ name = "InferRequest" }"#, limit: 3, start: Date().timeIntervalSince1970 - 300, end: Date().timeIntervalSince1970))
        #expect(r.traces.count == 3 && http.finishedRequests - searchOnly == 1, "the views share the cache")
    }

    @Test func aTempoWithoutHintsIsListedByBisectingAndRemembered() throws {
        let (file, ids) = try LiveSourceTests.recentTraces(ages: [200, 150, 100, 50], triton: true)
        defer { try? FileManager.default.removeItem(at: file) }
        let tempo = try ServerProcess.tempoStandin(["--cutoff-seconds", "0", "--refuse-hints", "--load-otlp-json", file.path])
        defer { tempo.stop() }
        let client = TempoClient(endpoint: EndpointConfig(baseURL: tempo.baseURL), http: http)
        let now = Date().timeIntervalSince1970
        let listed = try client.list(query: #"{ name = "InferRequest" }"#, start: now - 300, end: now, limit: 10, pageSize: 2)
        #expect(listed.traces.map(\.traceID) == ids.reversed(), "every trace, newest first")
        #expect(client.listingSupport == ListingSupport(selectStatus: false, mostRecent: false))
        #expect {
            _ = try client.list(query: "{ name = ", start: now - 300, end: now, limit: 1)
        } throws: { String(describing: $0).contains("Tempo rejected the search { name = : invalid TraceQL query: parse error") }

        let source = try LiveSource(tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: nil, options: .init(traceFetchLimit: 2), http: http)
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(data.traces.map(\.traceID) == [ids[3], ids[2]], "the refresh falls back to the listing")
        #expect(data.warnings.isEmpty, "\(data.warnings)")
    }

    @Test func aTempoWithHintsListsWithStatusAndMessage() throws {
        let (tempo, ids) = try LiveSourceTests.standin(ages: [90, 60, 30])
        defer { tempo.stop() }
        let client = TempoClient(endpoint: EndpointConfig(baseURL: tempo.baseURL), http: http)
        let now = Date().timeIntervalSince1970
        let before = http.finishedRequests
        let listed = try client.list(query: #"{ name = "InferRequest" }"#, start: now - 300, end: now, limit: 2)
        #expect(listed.traces.map(\.traceID) == [ids[2], ids[1]] && listed.queries == 1 && http.finishedRequests - before == 1)
        #expect(client.listingSupport == ListingSupport())
        #expect(listed.traces.allSatisfy { $0.spanSets.first?.spans.first?.attributes["status"] != nil }, "select(status, statusMessage) was sent")
    }

    @Test func anAnswerWithoutATraceMemberIsNotFound() throws {
        let (tempo, _) = try LiveSourceTests.standin(ages: [30])
        defer { tempo.stop() }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["python3", "-c", "import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST'))",
                          tempo.baseURL + "/__fault", #"{"mode":"no-trace-member","path_prefix":"/api/v2/traces/"}"#]
        try curl.run()
        curl.waitUntilExit()
        try #require(curl.terminationStatus == 0, "the fault is set")
        let client = TempoClient(endpoint: EndpointConfig(baseURL: tempo.baseURL), http: http)
        let unknown = TraceID(high: 0xdead, low: 0xbeef)
        #expect(throws: TempoError.notFound(unknown)) { _ = try client.trace(id: unknown) }
    }

    /// A source whose refreshes take `busy` seconds and record when they started.
    final class SlowSource: MapSource {
        let busy: Double
        private let started = Locked<[Double]>([])
        init(busy: Double) { self.busy = busy }
        var summary: String { "slow" }
        var starts: [Double] { started.withLockedValue { $0 } }
        func refresh(_ request: RefreshRequest) throws -> RefreshData {
            started.withLockedValue { $0.append(Date().timeIntervalSince1970) }
            Thread.sleep(forTimeInterval: busy)
            return RefreshData(sample: nil, traces: [], time: 0)
        }
    }

    @Test(arguments: [0.3, 1.3]) func refreshesStartOnTheCadenceAndSkipATickRatherThanPileUp(busy: Double) {
        let source = SlowSource(busy: busy)
        let poller = Poller(source: source, settings: .init(windowSeconds: 300, refreshSeconds: 1), wake: {})
        poller.start()
        Thread.sleep(forTimeInterval: 5.5)
        poller.stop()
        let starts = source.starts
        #expect(starts.count >= (busy < 1 ? 5 : 2))
        for (a, b) in zip(starts, starts.dropFirst()) {
            let gap = b - a
            let ticks = (gap).rounded()
            #expect(ticks >= (busy < 1 ? 1 : 2), "a refresh longer than the period skips the next tick: \(gap)")
            #expect(abs(gap - ticks) < 0.25, "start to start on whole periods: \(gap)")
        }
    }

    @Test func nextStartSkipsTicksAlreadyPast() {
        #expect(Poller.nextStart(after: 100, period: 5, now: 101) == 105)
        #expect(Poller.nextStart(after: 100, period: 5, now: 105) == 105)
        #expect(Poller.nextStart(after: 100, period: 5, now: 106.2) == 110)
        #expect(Poller.nextStart(after: 100, period: 5, now: 100) == 105)
    }
}
