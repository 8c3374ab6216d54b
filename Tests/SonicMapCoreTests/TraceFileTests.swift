import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore

/// Files holding several traces are split by trace id, never merged (issue 12).
@Suite struct TraceFileTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Fixtures.data("multi-trace/" + name))
    }

    @Test func realEnvoyExportBatchHoldsThreeTraces() throws {
        let traces = try TraceFile.traces(try Self.bytes("envoy-1.40-batch.bin"))
        #expect(traces.map(\.traceID.hex) == ["a40d3858a9f711c659537b49b3eec2e2", "be19d1d94b25cba11d0cc11f52bc728b", "01cadc63b4af68598e8058332efd0dc1"])
        for t in traces {
            #expect(t.spans.count == 1 && t.spans.allSatisfy { $0.traceID == t.traceID && $0.name == "ingress" })
            #expect(t.resources.count == 1 && t.spans[0].service == "supersonic-envoy-58b98b5568-9ww7h")
        }
    }

    @Test func collectorJSONLinesJoinATraceAcrossLinesAndKeepTheOthersApart() throws {
        let traces = try TraceFile.traces(try Self.bytes("collector-file-exporter.jsonl"))
        #expect(traces.map(\.traceID.hex) == ["0af7651916cd43dd8448eb211c80319c", "5b8efff798038103d269b633813fc60c", "00f067aa0ba902b7e3b0c7f9a1d2e3f4"])
        let a = traces[0]
        #expect(a.spans.count == 4, "the Envoy span of line 1 and the Triton spans of line 2")
        #expect(Set(a.spans.map(\.service)) == ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-triton-74c49fcf8-rxzpm"])
        #expect(a.spans.allSatisfy { a.resources[$0.resource].serviceName == $0.service }, "resources re-indexed per trace")
        let analysis = TraceAnalysis.analyze(a)
        #expect(analysis.requests.count == 1 && analysis.requests[0].orphan == false, "the split trace joins into one request")
        let orphan = traces[2]
        #expect(TraceAnalysis.analyze(orphan).requests.first?.orphan == true)
        let summary = TraceSummary(summarizing: orphan)
        #expect(summary.status == .error && summary.statusMessage == "CUDA out of memory")
    }

    @Test func aSingleTraceComesBackAsItIs() throws {
        let one = try TraceFile.traces(Array(#"{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7","name":"x","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#.utf8))
        #expect(one.count == 1 && one[0].spans.count == 1)
        #expect(throws: TraceDecodeError.self) { _ = try TraceFile.traces(Array("{\"a\":1}\n{\"b\":2}\n".utf8)) }
    }
}
