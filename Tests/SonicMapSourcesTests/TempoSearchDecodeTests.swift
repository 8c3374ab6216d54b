import Foundation
import Testing
@testable import SonicMapCore
@testable import SonicMapSources

/// Core's Tempo search, tag and build-info parsers on Tempo's documented bodies.
@Suite struct TempoSearchDecodeTests {
    func reference(_ name: String) throws -> Data { try Data(contentsOf: ServerProcess.referenceFile("tempo/" + name)) }

    @Test func searchResponse() throws {
        let hits = try TempoSearch.decode(reference("search_response.json"))
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.traceID.hex == "5b8efff798038103d269b633813fc700")
        #expect(hit.rootServiceName == "my.service")
        #expect(hit.rootTraceName == "I am a span!")
        #expect(hit.startUnixNano == 1_694_718_625_557_000_000)
        #expect(hit.durationMs == 10000)
        let span = try #require(hit.spanSets.first?.spans.first)
        #expect(hit.spanSets.count == 1 && hit.spanSets[0].matched == 1)
        #expect(span.spanID.hex == "eee19b7ec3c1b100")
        #expect(span.durationNanos == 10_000_000_000)
        #expect(span.name == nil)
        #expect(span.attributes == [Attribute("service.name", .string("my.service"))])
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

    @Test func tagsAndValues() throws {
        #expect(try TempoTags.names(reference("search_tags_v1_response.json")).contains("service.name"))
        let scopes = try TempoTags.scopes(reference("search_tags_v2_response.json"))
        #expect(scopes.map(\.name) == ["link", "resource", "span", "intrinsic", "event"])
        #expect(try TempoTags.values(reference("search_tag_values_v1_response.json")).count == 6)
        let typed = try TempoTags.typedValues(reference("search_tag_values_v2_response.json"))
        #expect(typed.first == TempoTagValue(type: "string", value: "article-service"))
        #expect(try TempoBuildInfo.decode(Data(#"{"version":"2.6.1","revision":"abc"}"#.utf8)) == TempoBuildInfo(version: "2.6.1", revision: "abc"))
    }
}
