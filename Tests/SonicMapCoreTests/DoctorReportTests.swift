import Foundation
import Testing
@testable import SonicMapCore

/// `sonicmap doctor`'s two outputs: the text for people and the JSON contract.
@Suite struct DoctorReportTests {
    static let report = DoctorDiagnosis.diagnose(DoctorDiagnosisTests.answers())

    @Test func textHasOneLinePerCheckThenTheCausesThenTheVerdict() {
        let text = DoctorReportText.render(Self.report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "sonicmap doctor: tempo http://tempo:3200 (2.6.0), prometheus http://prom:9090 (2.42.0); window 5m ending 2026-09-21T14:13:00Z")
        let checkLines = lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("warn ") || $0.hasPrefix("fail ") || $0.hasPrefix("skip ") }
        #expect(checkLines.count == Self.report.checks.count)
        #expect(checkLines[0].hasPrefix("ok    tempo.reachable "))
        #expect(text.contains("Why the map may be empty or partial:\n  orphans: "))
        #expect(text.contains("    what to do: "))
        #expect(lines.suffix(2) == ["healthy: no check failed", ""])
    }

    @Test func textNamesTheFailedChecks() {
        let down = DoctorDiagnosisTests.down
        let tempo = DoctorDiagnosisTests.tempo(buildInfo: .failure(down), search: .failure(down), traces: [])
        let text = DoctorReportText.render(DoctorDiagnosis.diagnose(DoctorDiagnosisTests.answers(tempo: tempo)))
        #expect(text.contains("fail  tempo.reachable "))
        #expect(text.hasSuffix("NOT healthy: 1 check failed (tempo.reachable)\n"))
    }

    @Test func jsonFollowsTheContract() throws {
        let text = DoctorReportJSON.render(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == [
            "checks", "connectionTypes", "endpoints", "explanations", "healthy", "requests", "sampling", "source", "time", "windowSeconds",
        ])
        #expect(object["healthy"] as? Bool == true)
        #expect(object["source"] as? String == "live")
        #expect(object["time"] as? String == "2026-09-21T14:13:00Z")
        #expect(object["windowSeconds"] as? Int == 300)
        #expect(object["requests"] as? Int == 13)
        #expect(object["connectionTypes"] as? [String] == ["plain", "virtual_node"])
        let checks = try #require(object["checks"] as? [[String: String]])
        #expect(checks.count == Self.report.checks.count)
        #expect(checks[0] == ["id": "tempo.reachable", "status": "ok", "message": "Tempo answers at http://tempo:3200"])
        let sampling = try #require(object["sampling"] as? [String: Double])
        #expect(Set(sampling.keys) == ["ratio", "sampledRate", "tritonRate", "directRate"])
        let endpoints = try #require(object["endpoints"] as? [[String: Any]])
        #expect(endpoints.map { $0["name"] as? String } == ["tempo", "prometheus"])
        #expect(endpoints[0]["versionAssumed"] as? Bool == false)
        let explanations = try #require(object["explanations"] as? [[String: String]])
        #expect(explanations.map { $0["cause"] } == ["orphans", "virtual-nodes"])
        #expect(explanations.allSatisfy { Set($0.keys) == ["cause", "finding", "action"] })
        #expect(text.hasPrefix("{\n  \"healthy\": true,\n  \"source\": \"live\","), "keys in contract order")
    }

    @Test func jsonWritesAnUnknownSamplingAndVersionAsNull() throws {
        let empty = DoctorDiagnosisTests.prometheus(buildInfo: .failure(DoctorFailure(.notFound, "HTTP 404")))
        var answers = DoctorDiagnosisTests.answers(tempo: nil, prometheus: empty)
        answers.prometheus?.queries[.spanCalls] = DoctorDiagnosisTests.vector([])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(DoctorReportJSON.render(DoctorDiagnosis.diagnose(answers)).utf8)) as? [String: Any])
        #expect(object["sampling"] is NSNull)
        let endpoints = try #require(object["endpoints"] as? [[String: Any]])
        #expect(endpoints[0]["version"] is NSNull)
    }
}
