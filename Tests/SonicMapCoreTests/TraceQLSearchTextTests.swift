import Foundation
import Testing
@testable import SonicMapCore

@Suite struct TraceQLSearchTextTests {
    @Test func addsTheSelectionAndTheHintOnce() {
        let q = #"{ name = "InferRequest" }"#
        #expect(TraceQLSearchText.decorated(q, selectStatus: true, mostRecent: true)
            == #"{ name = "InferRequest" } | select(status, statusMessage) with (most_recent=true)"#)
        #expect(TraceQLSearchText.decorated(q, selectStatus: false, mostRecent: true) == q + " with (most_recent=true)")
        #expect(TraceQLSearchText.decorated("", selectStatus: false, mostRecent: false) == "{}")
        #expect(TraceQLSearchText.decorated("{ } with (most_recent=true)", selectStatus: false, mostRecent: true) == "{ } with (most_recent=true)")
        #expect(TraceQLSearchText.decorated("{ a = 1 } with (sample=true)", selectStatus: true, mostRecent: true)
            == "{ a = 1 } | select(status, statusMessage) with (most_recent=true, sample=true)")
        #expect(TraceQLSearchText.decorated("{ a = 1 } | select(x)", selectStatus: true, mostRecent: false) == "{ a = 1 } | select(x)")
    }

    @Test func aTraceByIDAnswerWithoutATraceMemberIsNotFound() {
        #expect(TempoTraceByID.lacksTrace(Data(#"{"metrics":{}}"#.utf8)))
        #expect(!TempoTraceByID.lacksTrace(Data(#"{"trace":{},"metrics":{}}"#.utf8)))
        #expect(!TempoTraceByID.lacksTrace(Data(#"{"batches":[]}"#.utf8)))
        #expect(!TempoTraceByID.lacksTrace(Data("not json".utf8)))
    }

    @Test func searchHitsCarryStatusAndMessage() throws {
        let body = #"{"traces":[{"traceID":"75d14767923a7ff9b44526042e0ee246","rootServiceName":"envoy","startTimeUnixNano":"1","durationMs":36,"spanSets":[{"spans":[{"spanID":"e9a96f554b023ea3","startTimeUnixNano":"1","durationNanos":"3","attributes":[{"key":"statusMessage","value":{"stringValue":"CUDA out of memory"}},{"key":"status","value":{"stringValue":"error"}}]}],"matched":1}],"serviceStats":{"envoy":{"spanCount":1,"errorCount":1},"triton":{"spanCount":3,"errorCount":2}}},{"traceID":"1","startTimeUnixNano":"2"}]}"#
        let hits = try TempoSearch.decode(Data(body.utf8))
        #expect(hits[0].errorSpans == 3 && hits[0].status == .error && hits[0].statusMessage == "CUDA out of memory")
        #expect(hits[1].errorSpans == nil && hits[1].status == .unset && hits[1].statusMessage.isEmpty)
    }
}
