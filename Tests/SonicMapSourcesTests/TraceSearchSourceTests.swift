import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// Trace searches and fetches by id in each source: the demo (a TraceQL subset over its
/// store, exemplars as Tempo's metrics generator would attach them), Tempo + Prometheus,
/// a source without traces, and the poller that runs them off the UI thread.
@Suite struct TraceSearchSourceTests {
    static func demo(at: Double = 120) -> DemoSource {
        let source = DemoSource(options: DemoOptions()) { at }
        _ = try! source.refresh(RefreshRequest(windowSeconds: 300))
        return source
    }

    static let slowPod = "supersonic-triton-74c49fcf8-b658d"
    static let envoy = DemoDeployment.supersonic.envoys[0]

    static func window(_ s: DemoSource) -> (Double, Double) {
        let end = s.simulator.epoch + s.simulator.now
        return (end - 300, end)
    }

    @Test func demoSearchesItsTracesWithTraceQL() throws {
        let s = Self.demo()
        let (start, end) = Self.window(s)
        let q = #"{ resource.service.name = "\#(Self.envoy)" } >> { resource.service.name = "\#(Self.slowPod)" && name = "InferRequest" }"#
        let r = try s.searchTraces(TraceSearchRequest(query: q, limit: 5, start: start, end: end))
        #expect(r.hits.count == 5)
        #expect(r.hits.map(\.startUnixNano) == r.hits.map(\.startUnixNano).sorted(by: >), "newest first")
        #expect(r.hits.allSatisfy { $0.rootServiceName == Self.envoy && $0.rootTraceName == "ingress" })
        #expect(Set(r.traces.map(\.traceID)) == Set(r.hits.map(\.traceID)))
        #expect(r.traces.allSatisfy { t in t.spans.contains { $0.service == Self.slowPod && $0.name == "InferRequest" } })
        let known = try s.searchTraces(TraceSearchRequest(query: q, limit: 5, start: start, end: end, known: Set(r.hits.map(\.traceID))))
        #expect(known.hits == r.hits && known.traces.isEmpty, "held traces are not fetched again")
        let older = try s.searchTraces(TraceSearchRequest(query: q, limit: 5, start: start, end: Double(r.hits.last!.startUnixNano) / 1e9))
        #expect(older.hits.allSatisfy { $0.startUnixNano <= r.hits.last!.startUnixNano })
        let slow = try s.searchTraces(TraceSearchRequest(query: "{ duration > 500ms && name = \"InferRequest\" }", limit: 50, start: start, end: end))
        #expect(!slow.hits.isEmpty && slow.traces.allSatisfy { $0.spans.contains { $0.name == "InferRequest" && $0.durationNanos > 500_000_000 } })
    }

    @Test func demoExemplarsAreTheSlowTracesOfTheEdge() throws {
        let s = Self.demo()
        let (start, end) = Self.window(s)
        let scope = ExemplarScope(clients: [Self.envoy], servers: [Self.slowPod])
        let series = s.simulator.traces.exemplars(scope, fromUnixNano: UInt64(start * 1e9), toUnixNano: UInt64(end * 1e9))
        #expect(!series.isEmpty && series.allSatisfy { $0.seriesLabels["server"] == Self.slowPod && $0.exemplars.count == 1 })
        let r = try s.searchTraces(TraceSearchRequest(query: "{}", limit: 1, start: start, end: end, exemplars: scope))
        #expect(!r.exemplars.isEmpty && r.exemplars.count <= DemoSource.exemplarLimit)
        #expect(r.exemplars.map(\.seconds) == r.exemplars.map(\.seconds).sorted(by: >))
        for e in r.exemplars {
            let trace = try #require(r.traces.first { $0.traceID == e.traceID }, "exemplar traces are fetched")
            let infer = try #require(trace.spans.first { $0.name == "InferRequest" })
            #expect(infer.service == Self.slowPod && abs(Double(infer.durationNanos) / 1e9 - e.seconds) < 1e-9)
        }
    }

    @Test func demoExplainsQueriesItCannotRunAndUnknownIds() throws {
        let s = Self.demo()
        #expect {
            _ = try s.searchTraces(TraceSearchRequest(query: "{ name = ", limit: 5, start: 0, end: 1))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("the demo cannot run this TraceQL (parse error at col 10") && text.contains("it understands a subset")
        }
        let held = try #require(s.simulator.traces.sampled.last)
        #expect(try s.fetchTrace(id: held.traceID) == held)
        #expect(throws: TraceLookupError.notFound(TraceID(high: 0, low: 1), source: "the demo (it keeps the last hour of traces)")) {
            _ = try s.fetchTrace(id: TraceID(high: 0, low: 1))
        }
    }

    @Test func sourcesWithoutTracesSayTheyCannot() {
        final class Metrics: MapSource {
            var summary: String { "snapshot a.json" }
            func refresh(_ request: RefreshRequest) throws -> RefreshData { RefreshData(sample: nil, traces: [], time: 0) }
        }
        #expect(throws: TraceLookupError.unavailable(what: "trace search", source: "snapshot a.json")) {
            _ = try Metrics().searchTraces(TraceSearchRequest(query: "{}", limit: 1, start: 0, end: 1))
        }
        #expect(throws: TraceLookupError.unavailable(what: "fetching a trace by id", source: "snapshot a.json")) {
            _ = try Metrics().fetchTrace(id: TraceID(high: 0, low: 1))
        }
        let promOnly = try! LiveSource(tempo: nil, prometheus: EndpointConfig(baseURL: "http://127.0.0.1:9"))
        #expect(throws: TraceLookupError.self) { _ = try promOnly.searchTraces(TraceSearchRequest(query: "{}", limit: 1, start: 0, end: 1)) }
    }

    @Test func exemplarSelectorMatchesOneOrSeveralPodsExactly() throws {
        #expect(ExemplarScope(clients: ["a"], servers: ["b"]).serverBucketsSelector()
            == #"traces_service_graph_request_server_seconds_bucket{client="a", server="b"}"#)
        let filter = try LabelSelector(parsing: #"client!="user""#)
        #expect(ExemplarScope(clients: [], servers: ["t.x-1", "t+y", "t.x-1"]).serverBucketsSelector(filter: filter)
            == #"traces_service_graph_request_server_seconds_bucket{server=~"t\\+y|t\\.x-1", client!="user"}"#)
    }

    /// Against the Tempo stand-in and a real (empty) Prometheus: hits, fetches, Tempo's 400
    /// for bad TraceQL, a valid exemplar query, and fetching by id.
    @Test func liveSearchAgainstTempoAndPrometheus() throws {
        let (tempo, ids) = try LiveSourceTests.standin(ages: [90, 60, 30])
        defer { tempo.stop() }
        let prometheus = try ServerProcess.prometheus()
        defer { prometheus?.stop() }
        let source = try LiveSource(
            tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: prometheus.map { EndpointConfig(baseURL: $0.baseURL) })
        let now = Date().timeIntervalSince1970
        let q = #"{ resource.service.name = "supersonic-envoy-58b98b5568-9ww7h" } >> { name = "InferRequest" }"#
        let scope = ExemplarScope(clients: ["supersonic-envoy-58b98b5568-9ww7h"], servers: ["supersonic-triton-74c49fcf8-rxzpm"])
        let r = try source.searchTraces(TraceSearchRequest(query: q, limit: 2, start: now - 300, end: now + 1, exemplars: scope, known: [ids[2]]))
        #expect(r.hits.map(\.traceID) == [ids[2], ids[1]])
        #expect(r.traces.map(\.traceID) == [ids[1]], "the held trace is not fetched again")
        #expect(r.exemplars.isEmpty && r.warnings.isEmpty, "\(r.warnings)")
        #expect {
            _ = try source.searchTraces(TraceSearchRequest(query: "{ name = ", limit: 2, start: now - 300, end: now + 1))
        } throws: { error in
            String(describing: error).contains("Tempo rejected the search { name = : invalid TraceQL query: parse error at line 1, col 10")
        }
        #expect(try source.fetchTrace(id: ids[0]).traceID == ids[0])
        #expect { _ = try source.fetchTrace(id: TraceID(high: 9, low: 9)) } throws: { String(describing: $0).contains("not found in Tempo") }
    }

    /// The poller runs searches and fetches on its own thread and posts their answers.
    @Test func pollerRunsSearchesAndFetchesOffTheCallingThread() throws {
        let source = Self.demo()
        let posted = DispatchSemaphore(value: 0)
        let poller = Poller(source: source, settings: .init(windowSeconds: 300, refreshSeconds: 3600), wake: { posted.signal() })
        poller.start()
        defer { poller.stop() }
        #expect(posted.wait(timeout: .now() + 30) == .success, "first refresh")
        let held = try #require(source.simulator.traces.sampled.last)
        let (start, end) = Self.window(source)
        poller.search(TraceSearchRequest(query: "{ name = \"InferRequest\" }", limit: 3, start: start, end: end), id: 7)
        poller.fetchTrace(held.traceID, id: 8)
        var messages: [PollerMessage] = []
        let deadline = Date().addingTimeInterval(30)
        while messages.count < 3 && Date() < deadline {
            _ = posted.wait(timeout: .now() + 1)
            messages += poller.drain()
        }
        var found: TraceSearchOutcome?, fetched: TraceFetchOutcome?
        for m in messages {
            switch m {
            case .tracesFound(let o): found = o
            case .traceFetched(let o): fetched = o
            case .refreshed, .baselineFetched, .trafficFetched: break
            }
        }
        #expect(found?.id == 7 && (try? found?.result.get())?.hits.count == 3)
        #expect(fetched?.id == 8 && (try? fetched?.result.get()) == held)
    }
}
