import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// `DoctorProbe` against real servers: the Tempo stand-in with recent traces and Debian's
/// Prometheus with an empty TSDB.
@Suite struct DoctorProbeTests {
    @Test(.prometheusInstalled, .tags(.prometheus)) func oneBatchOfFixedQueriesThenAFewTraces() throws {
        let prometheus = try #require(try ServerProcess.prometheus(), "the trait enables this test only where Prometheus is installed")
        defer { prometheus.stop() }
        let (tempo, ids) = try LiveSourceTests.standin(ages: [120, 90, 60, 30])
        defer { tempo.stop() }
        let http = HTTPClient()
        let probe = DoctorProbe(
            tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: EndpointConfig(baseURL: prometheus.baseURL),
            queries: try DoctorQueries(windowSeconds: 300), http: http)
        #expect(probe.maximumRequests == 3 + 3 + 8 + 2)

        let answers = probe.run(at: Date().timeIntervalSince1970)
        #expect(answers.requests == probe.maximumRequests, "four traces found, the newest three fetched")
        let t = try #require(answers.tempo)
        #expect(try t.buildInfo.get().version == "2.6.0")
        #expect(try t.inferRequestSearch.get().count == 4)
        #expect(t.traces.map(\.traceID) == [ids[3], ids[2], ids[1]])
        #expect(t.traceFailures.isEmpty)
        let p = try #require(answers.prometheus)
        #expect(try p.buildInfo.get().version.hasPrefix("2."))
        #expect(Set(p.queries.keys) == Set(DoctorQueryID.allCases))
        for (id, answer) in p.queries { #expect(try answer.get().vectorSamples == [], "\(id)") }
        #expect(try p.exemplars.get().isEmpty)

        // Traces but no service graph: the map falls back on them, and doctor says why.
        let report = DoctorDiagnosis.diagnose(answers)
        #expect(report.healthy)
        #expect(report.check("prometheus.serviceGraph")?.status == .warn)
        #expect(report.explanations.map(\.cause).contains(.noServiceGraph))
    }

    @Test func failuresKeepTheirKind() throws {
        let http = HTTPClient()
        let closed = "http://127.0.0.1:\(try ServerProcess.freePort())"
        let tempo = try ServerProcess.tempoStandin(["--tenant-required"])
        defer { tempo.stop() }
        let answers = DoctorProbe(
            tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: EndpointConfig(baseURL: closed, connectTimeoutSeconds: 1),
            queries: try DoctorQueries(windowSeconds: 60), http: http
        ).run(at: Date().timeIntervalSince1970)
        #expect(try answers.tempo?.buildInfo.get().version == "2.6.0", "build info is open on a multi-tenant Tempo")
        #expect(answers.tempo?.inferRequestSearch.failure?.kind == .tenantRequired)
        #expect(answers.prometheus?.buildInfo.failure?.kind == .unreachable)
        #expect(answers.prometheus?.queries.values.allSatisfy { $0.failure?.kind == .unreachable } == true)
        #expect(answers.requests == 3 + 8 + 2, "no trace to fetch")
    }
}
