import Foundation
import SonicMapCore
import SonicMapTestSupport
import Testing
@testable import SonicMapSources

/// The scrub bar's curve (issue 15) from each source: the demo's counters, Prometheus'
/// range query (recorded as sent, and run by the real server), and the poller's order.
@Suite struct TrafficSourceTests {
    let request = TrafficRequest(spanSeconds: 3600, stepSeconds: 300)

    /// Each bin is the counters' growth over its five minutes (or the part of them since
    /// the demo started), every edge summed, taken here straight from the simulator's scrapes.
    @Test func theDemosBinsAreItsCountersGrowth() throws {
        let source = DemoSource(options: DemoOptions()) { 2000 }
        let curve = try source.traffic(request)
        let epoch = source.simulator.epoch
        #expect(curve.end == epoch + 2000 && curve.step == 300 && curve.values.count == 12)
        let scrapes = source.simulator.snapshots
        func total(at t: Double) -> Double? {
            scrapes.first { abs($0.time - t) < 1e-6 }.map { $0.counters.edges.values.reduce(0) { $0 + $1.total } }
        }
        for (i, value) in curve.values.enumerated() {
            let end = 2000 - 300 * Double(11 - i)
            let start = max(0, end - 300)
            guard end > 0, let late = total(at: end), let early = total(at: start) else {
                #expect(value == nil, "bin \(i), ending at second \(end), is before the demo started")
                continue
            }
            let expected = (late - early) / (end - start)
            #expect(abs((value ?? -1) - expected) <= 1e-9 * max(1, expected), "bin \(i): \(value ?? -1) vs \(expected)")
        }
        #expect(curve.values.prefix(5).allSatisfy { $0 == nil } && curve.values.suffix(7).allSatisfy { ($0 ?? 0) > 0 })
    }

    /// One POST to `query_range`: the map's filter in the PromQL, twelve points five
    /// minutes apart ending now.
    @Test func liveAsksOneRangeQuery() throws {
        let server = try ServerProcess.faultServer()
        defer { server.stop() }
        let filter = try LabelSelector(parsing: #"client!="user""#)
        let source = try LiveSource(
            tempo: EndpointConfig(baseURL: server.baseURL + "/recorded/tempo"), prometheus: EndpointConfig(baseURL: server.baseURL + "/recorded/prom"),
            options: .init(serviceGraphFilter: filter), clock: { 1_790_000_000 })
        let curve = try source.traffic(request)
        let response = try HTTPClient().perform(HTTPRequest(endpoint: EndpointConfig(baseURL: server.baseURL), path: "/recorded-log")).get()
        let log = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        #expect(log.count == 1)
        #expect(log.first?["path"] as? String == "/prom/api/v1/query_range")
        let params = log.first?["params"] as? [String: String] ?? [:]
        #expect(params == [
            "query": #"sum(rate(traces_service_graph_request_total{client!="user"}[300s]))"#,
            "start": "1789996700.000", "end": "1790000000.000", "step": "300.000",
        ])
        #expect(curve.end == 1_790_000_000 && curve.values == Array(repeating: nil, count: 12), "a vector answer is no curve")
    }

    @Test func tempoAloneHasNoCurveAndSaysWhy() throws {
        let source = try LiveSource(tempo: EndpointConfig(baseURL: "http://127.0.0.1:9"), prometheus: nil)
        #expect(throws: SourceFailure(.unavailable, "the traffic curve needs Prometheus; this source has only Tempo")) { try source.traffic(request) }
    }

    /// The real server parses the query and answers a matrix; with an empty TSDB, no sample.
    @Test(.prometheusInstalled, .tags(.prometheus)) func realPrometheusRunsTheRangeQuery() throws {
        let server = try #require(try ServerProcess.prometheus(), "the trait enables this test only where Prometheus is installed")
        defer { server.stop() }
        let source = try LiveSource(tempo: nil, prometheus: EndpointConfig(baseURL: server.baseURL))
        let before = Date().timeIntervalSince1970
        let curve = try source.traffic(request)
        #expect(curve.end >= before && curve.values == Array(repeating: nil, count: 12))
        let answer = try PrometheusClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: HTTPClient())
            .queryRange("vector(2)", start: before - 600, end: before, step: 300)
        #expect(TrafficHistory(request: TrafficRequest(spanSeconds: 900, stepSeconds: 300), end: before, answer: answer.data).values == [2, 2, 2])
    }

    /// A failing Prometheus is a failure naming it, not a crash or an empty curve.
    @Test func aDeadPrometheusIsAFailureNamingIt() throws {
        let source = try LiveSource(tempo: nil, prometheus: EndpointConfig(baseURL: "http://127.0.0.1:9"))
        do {
            _ = try source.traffic(request)
            Issue.record("no failure")
        } catch let failure as SourceFailure {
            #expect(failure.kind == .unreachable && failure.message.hasPrefix("Prometheus (http://127.0.0.1:9): "), "\(failure)")
        }
    }
}

/// The poller runs the curve after a refresh that is due (the map comes first) and posts it.
@Suite struct PollerTrafficTests {
    final class OrderSource: MapSource {
        let order = Locked<[String]>([])
        var summary: String { "order" }
        func refresh(_ request: RefreshRequest) throws -> RefreshData {
            order.withLockedValue { $0.append(request.at == nil ? "refresh now" : "refresh then") }
            return RefreshData(sample: nil, traces: [], time: request.at ?? 0)
        }
        func traffic(_ request: TrafficRequest) throws -> TrafficHistory {
            order.withLockedValue { $0.append("traffic") }
            return TrafficHistory(firstEnd: 0, step: request.stepSeconds, values: [1])
        }
    }

    let request = TrafficRequest(spanSeconds: 3600, stepSeconds: 300)

    @Test func theMapOfTheLookComesBeforeItsCurve() {
        let source = OrderSource()
        let poller = Poller(source: source, settings: .init(windowSeconds: 300, refreshSeconds: 3600, at: 1000), wake: {})
        poller.fetchTraffic(request, id: 7)
        poller.start()
        defer { poller.stop() }
        let deadline = Date().addingTimeInterval(10)
        while source.order.withLockedValue({ $0.count }) < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(source.order.withLockedValue { $0 } == ["refresh then", "traffic"])
        Thread.sleep(forTimeInterval: 0.1)
        let posted = poller.drain()
        let curves = posted.compactMap { if case .trafficFetched(let o) = $0 { o } else { nil } }
        #expect(curves.count == 1 && curves.first?.id == 7 && (try? curves.first?.result.get().values) == [1])
    }
}
