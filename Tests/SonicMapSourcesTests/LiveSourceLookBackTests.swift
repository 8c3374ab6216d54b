import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// `LiveSource` looking back (`RefreshRequest.at`), against the fault server's recording
/// Prometheus and Tempo: what each request asked, as the servers received it.
@Suite struct LiveSourceLookBackTests {
    let http = HTTPClient()
    /// 2026-09-21T14:13:00Z, long before the test runs.
    static let at = 1_789_999_980.0

    struct Recorded: Decodable {
        var path: String
        var params: [String: String]
    }

    func source(_ server: ServerProcess) throws -> LiveSource {
        try LiveSource(
            tempo: EndpointConfig(baseURL: server.baseURL + "/recorded/tempo"),
            prometheus: EndpointConfig(baseURL: server.baseURL + "/recorded/prom"), http: http)
    }

    func log(_ server: ServerProcess) throws -> [Recorded] {
        let response = try HTTPClient().perform(HTTPRequest(endpoint: EndpointConfig(baseURL: server.baseURL), path: "/recorded-log")).get()
        return try JSONDecoder().decode([Recorded].self, from: Data(response.body))
    }

    /// Every query is evaluated at T, the search covers the window ending at T, the data's
    /// time is T; the empty map costs one more query, which names the first sample since.
    @Test func everyQueryIsEvaluatedAtTAndAnEmptyMapSaysWhy() throws {
        let server = try ServerProcess.faultServer(["--first-sample", "1790000400"])
        defer { server.stop() }
        let data = try source(server).refresh(RefreshRequest(windowSeconds: 300, at: Self.at))
        let requests = try log(server)
        let queries = requests.filter { $0.path == "/prom/api/v1/query" }
        #expect(queries.count == ServiceGraphQueryID.allCases.count + 1)
        #expect(queries.dropLast().allSatisfy { $0.params["time"] == "1789999980.000" }, "\(queries.map { $0.params["time"] ?? "none" })")
        let first = try #require(queries.last)
        #expect(first.params["query"]?.hasPrefix("min(min_over_time(timestamp(traces_service_graph_request_total)[") == true)
        #expect(Double(first.params["time"] ?? "") ?? 0 > Self.at + 86_400, "the first-sample query is evaluated now")
        let searches = requests.filter { $0.path == "/tempo/api/search" }
        #expect(!searches.isEmpty && searches.allSatisfy { $0.params["start"] == "1789999680" && $0.params["end"] == "1789999980" })
        #expect(data.time == Self.at)
        #expect(data.sample?.time == Self.at)
        #expect(data.warnings.contains {
            $0.hasPrefix("Prometheus has no service-graph series at 2026-09-21T14:13:00Z; its oldest sample since then is at 2026-09-21T14:20:00Z")
        }, "\(data.warnings)")
        #expect(data.warnings.contains { $0.contains("Tempo reads its backend blocks") && $0.contains("2026-09-21T14:13:00Z") })
        #expect(data.warnings.contains { $0.contains("in the 5m before 2026-09-21T14:13:00Z") })
    }

    /// Without samples since T there is nothing to explain: no note, and still one query.
    @Test func noSampleSinceGivesNoRetentionNote() throws {
        let server = try ServerProcess.faultServer()
        defer { server.stop() }
        let data = try source(server).refresh(RefreshRequest(windowSeconds: 300, at: Self.at))
        #expect(try log(server).filter { $0.path == "/prom/api/v1/query" }.count == ServiceGraphQueryID.allCases.count + 1)
        #expect(!data.warnings.contains { $0.hasPrefix("Prometheus has no service-graph series") })
    }

    /// A refresh for now keeps its fixed number of queries: no first-sample query even
    /// when the map is empty, no Tempo note, queries evaluated now.
    @Test func refreshForNowKeepsItsQueryCount() throws {
        let server = try ServerProcess.faultServer(["--first-sample", "1790000400"])
        defer { server.stop() }
        let before = Date().timeIntervalSince1970
        let data = try source(server).refresh(RefreshRequest(windowSeconds: 300))
        let queries = try log(server).filter { $0.path == "/prom/api/v1/query" }
        #expect(queries.count == ServiceGraphQueryID.allCases.count)
        #expect(queries.allSatisfy { (Double($0.params["time"] ?? "") ?? 0) >= before.rounded(.down) })
        #expect(data.time >= before)
        #expect(!data.warnings.contains { $0.contains("backend blocks") || $0.hasPrefix("Prometheus has no") })
    }
}
