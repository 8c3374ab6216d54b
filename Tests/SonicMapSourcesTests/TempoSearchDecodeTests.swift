import Foundation
import Testing
@testable import SonicMapCore
@testable import SonicMapSources
import SonicMapTestSupport

/// Core's Tempo search, tag and build-info parsers on what a real Tempo v2.10.8 answered
/// for sonicmap's own traces (`Tests/Fixtures/tempo/recorded/`).
@Suite struct TempoSearchDecodeTests {
    func recorded(_ name: String) throws -> Data { try Fixtures.data("tempo/recorded/" + name) }

    @Test func searchResponse() throws {
        let hits = try TempoSearch.decode(recorded("search_one_span.json"))
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        let pushed = try #require(try TraceDecoder.decode(Fixtures.data("tempo/input/one-span.otlp.json")).spans.first)
        #expect(hit.traceID == pushed.traceID)
        #expect(hit.rootServiceName == "gateway-api")
        #expect(hit.rootTraceName == "GET /v2/health/ready")
        #expect(hit.startUnixNano == pushed.startUnixNano)
        #expect(hit.durationMs == 10)
        let span = try #require(hit.spanSets.first?.spans.first)
        #expect(hit.spanSets.count == 1 && hit.spanSets[0].matched == 1)
        #expect(span.spanID == pushed.spanID)
        #expect(span.durationNanos == 10_000_000)
        #expect(span.name == nil)  // only with select(name)
        #expect(span.attributes == [Attribute("service.name", .string("gateway-api"))])
    }

    /// Tempo trims the leading zero of `0e4c…`; every matching span is in the span set.
    @Test func statusSearchWithTrimmedID() throws {
        let hit = try #require(try TempoSearch.decode(recorded("search_status_error.json")).first)
        #expect(hit.traceID.hex == "0e4c8a2f6b1d5e9a3c7f0b4d8e2a6c1f")
        #expect(hit.rootServiceName == "job-submitter" && hit.rootTraceName == "submit")
        #expect(hit.spanSets.count == 1 && hit.spanSets[0].matched == 3)
        #expect(hit.spanSets[0].spans.map(\.spanID.hex) == ["0e4c8a2f6b1d0001", "0e4c8a2f6b1d0003", "0e4c8a2f6b1d0007"])
        #expect(hit.spanSets[0].spans.allSatisfy { $0.attributes == [Attribute("status", .string("error"))] })
    }

    /// Trimmed leading zeros are restored; omitted zero values read as zero.
    @Test func trimmedIDsAndOmittedValues() throws {
        let body = Data(#"{"traces":[{"traceID":"2f3e0cee77ae5dc9c17ade3689eb2e","rootServiceName":"<root span not yet received>","startTimeUnixNano":"5"}]}"#.utf8)
        let hit = try #require(try TempoSearch.decode(body).first)
        #expect(hit.traceID.hex == "002f3e0cee77ae5dc9c17ade3689eb2e")
        #expect(hit.durationMs == 0)
        #expect(hit.spanSets.isEmpty)
        #expect(hit.rootServiceName == TraceSummary.rootNotYetReceived)
        #expect(try TempoSearch.decode(Data(#"{"metrics":{}}"#.utf8)).isEmpty)
    }

    @Test func malformedSearchIsAnError() {
        #expect(throws: TempoPayloadError.self) { try TempoSearch.decode(Data(#"{"traces":[{"traceID":"zz"}]}"#.utf8)) }
        #expect(throws: TempoPayloadError.self) { try TempoSearch.decode(Data(#"{"traces":[{"#.utf8)) }
    }

    @Test func buildInfoDecodes() throws {
        #expect(try TempoBuildInfo.decode(Data(#"{"version":"2.6.1","revision":"abc"}"#.utf8)) == TempoBuildInfo(version: "2.6.1", revision: "abc"))
    }
}
