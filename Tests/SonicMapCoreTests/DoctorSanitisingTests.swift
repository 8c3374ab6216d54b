import Foundation
import Testing
@testable import SonicMapCore

/// Everything `doctor` prints comes from servers (build info, label values, span names,
/// error bodies) and must pass the same sanitiser as the TUI: no escape sequence, control
/// character or bidirectional override reaches the terminal, in text or JSON.
@Suite struct DoctorSanitisingTests {
    static let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}x\u{1B}[?1049l\u{0}\u{202E}\u{9B}31m"

    static func hostileReport() -> DoctorReport {
        let version = PrometheusBuildInfo(version: "2.42.0" + hostile)
        let tempo = DoctorDiagnosisTests.tempo(
            buildInfo: .success(TempoBuildInfo(version: "2.6.0" + hostile, revision: hostile)),
            traces: [DoctorDiagnosisTests.trace(1, triton: "triton" + hostile, orphan: true)])
        let broken = DoctorFailure(.unreadable, "bad answer: " + hostile)
        let prometheus = DoctorDiagnosisTests.prometheus(buildInfo: .success(version), exemplars: .failure(broken))
        var report = DoctorDiagnosis.diagnose(DoctorDiagnosisTests.answers(tempo: tempo, prometheus: prometheus))
        report.endpoints.append(DoctorReport.Endpoint(name: "x" + hostile, url: "http://h/" + hostile, version: hostile))
        report.checks.append(DoctorCheck("label" + hostile, .warn, "value " + hostile))
        return report
    }

    static func inert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { s in
            (s.value < 0x20 && s != "\n") || (0x7F..<0xA0).contains(s.value) || [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E].contains(s.value)
        }
    }

    @Test func textHasNoEscapeOrControlCharacter() {
        let report = Self.hostileReport()
        #expect(report.endpoints.contains { $0.version?.contains("\u{1B}") == true }, "the test must feed hostile text")
        let text = DoctorReportText.render(report)
        #expect(Self.inert(text), "\(text.debugDescription)")
        #expect(text.contains("2.42.0x"))
    }

    @Test func jsonStringsAreSanitisedToo() throws {
        let text = DoctorReportJSON.render(Self.hostileReport())
        #expect(Self.inert(text))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let endpoints = try #require(object["endpoints"] as? [[String: Any]])
        #expect(endpoints.compactMap { $0["version"] as? String }.allSatisfy(Self.inert))
        #expect(!text.contains("\\u001b") && !text.contains("\\u0000"), "escaped control characters still reach a terminal that pretty-prints JSON")
    }
}
