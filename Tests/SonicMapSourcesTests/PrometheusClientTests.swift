import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// `PrometheusClient` against Debian's real Prometheus (empty TSDB) and against the fault server.
@Suite struct PrometheusClientTests {
    let http = HTTPClient()

    /// The real server: its version, instant queries, the real `bad_data` error, the exemplars
    /// endpoint, and a service-graph refresh whose queries all succeed.
    @Test(.prometheusInstalled, .tags(.prometheus)) func realPrometheus() throws {
        let server = try #require(try ServerProcess.prometheus(), "the trait enables this test only where Prometheus is installed")
        defer { server.stop() }
        let prometheus = PrometheusClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        let now = Date().timeIntervalSince1970

        #expect(try prometheus.buildInfo().version.hasPrefix("2."), "Debian's Prometheus 2.x")

        let one = try prometheus.query("vector(1)", time: now)
        #expect(one.data.vectorSamples?.map(\.point.value) == [1])
        #expect(abs((one.data.vectorSamples?.first?.point.time ?? 0) - now) < 0.001, "evaluated at the time asked")

        #expect(throws: PrometheusClientError.self) { try prometheus.query("sum(rate(", time: now) }
        do {
            _ = try prometheus.query("sum(rate(", time: now)
        } catch let error {
            guard case .response(let url, .server(400, "bad_data", let message)) = error else {
                Issue.record("expected bad_data, got \(error)"); return
            }
            #expect(url == server.baseURL + "/api/v1/query")
            #expect(message.contains("parse error"))
            #expect(error.description.contains("Prometheus at \(server.baseURL)/api/v1/query: Prometheus bad_data (HTTP 400)"))
        }

        #expect(try prometheus.exemplars("traces_service_graph_request_server_seconds_bucket", start: now - 300, end: now).data.isEmpty)

        let before = http.finishedRequests
        let (sample, warnings) = try prometheus.serviceGraphSample(
            window: 300, time: now, queries: ServiceGraphQueries(windowSeconds: 300))
        #expect(http.finishedRequests - before == ServiceGraphQueryID.allCases.count)
        #expect(sample.edges.isEmpty)
        #expect(sample.time == now)
        #expect(warnings.isEmpty)
    }

    /// Some queries fail: the map keeps what worked and each distinct failure is one warning.
    @Test func failingQueriesBecomeWarnings() throws {
        let server = try ServerProcess.faultServer()
        let prometheus = PrometheusClient(endpoint: EndpointConfig(baseURL: server.baseURL + "/prom-mixed"), http: http)
        let (sample, warnings) = try prometheus.serviceGraphSample(
            window: 300, time: 1_700_000_000, queries: ServiceGraphQueries(windowSeconds: 300))
        #expect(sample.edges.map(\.key) == [EdgeKey(client: "envoy-a", server: "triton-b")])
        #expect(sample.edges.first?.requestRate == 2.5)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("gpuUtilization, gpuMemoryUsedBytes, gpuMemoryTotalBytes failed") == true)
        #expect(warnings.first?.contains("query processing would load too many samples") == true)
    }

    /// Every query failing is an error carrying the first failure.
    @Test func everyQueryFailingIsAnError() throws {
        let port = try ServerProcess.freePort()
        let prometheus = PrometheusClient(endpoint: EndpointConfig(baseURL: "http://127.0.0.1:\(port)"), http: http)
        let queries = try ServiceGraphQueries(windowSeconds: 300)
        do {
            _ = try prometheus.serviceGraphSample(window: 300, time: 1_700_000_000, queries: queries)
            Issue.record("expected an error")
        } catch {
            guard case .everyQueryFailed(30, .transport(.cannotConnect)) = error else { Issue.record("got \(error)"); return }
            #expect(error.description.hasPrefix("all 30 Prometheus queries failed; the first: cannot connect to http://127.0.0.1:\(port)/api/v1/query"))
        }
    }

    /// Malformed JSON, a proxy's 503 page and a multi-tenant 401 each say what is wrong.
    @Test func unusableAnswersAreExplained() throws {
        let server = try ServerProcess.faultServer()
        func failure(_ prefix: String) -> String {
            let client = PrometheusClient(endpoint: EndpointConfig(baseURL: server.baseURL + prefix), http: http)
            do {
                _ = try client.query("up")
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(failure("/malformed").contains("HTTP 200, not Prometheus JSON"))
        let unavailable = failure("/status/503")
        #expect(unavailable.contains("HTTP 503, not Prometheus JSON: \"service unavailable\""))
        #expect(unavailable.contains("down, overloaded"))
        #expect(failure("/no-org-id").contains("--tenant"))
        #expect(failure("/nowhere").contains("Mimir: …/prometheus"))
    }
}
