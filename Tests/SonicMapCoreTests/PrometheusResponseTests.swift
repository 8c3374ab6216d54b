import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

/// Answers of Debian's Prometheus 2.42, from `Tests/Fixtures/prometheus/`.
enum PrometheusReference {
    static func query(_ name: String) throws -> PrometheusResult {
        try PrometheusResponse(queryBody: Fixtures.data("prometheus/" + name), httpStatus: 200).data
    }
}

@Suite struct PrometheusResponseTests {
    private func body(_ text: String) -> Data { Data(text.utf8) }

    @Test func instantVectorKeepsLabelsTimesAndValues() throws {
        let samples = try #require(try PrometheusReference.query("instant_failed.json").vectorSamples)
        #expect(samples.count == 4)
        #expect(samples[2] == PrometheusSample(
            labels: ["client": "frontend", "server": "checkout"],
            point: PrometheusPoint(time: 1795925655.431, value: 0.030940666666666672)))
        #expect(samples[0].point.value == 0)
    }

    @Test func rawSelectorKeepsNameAndInternalLabels() throws {
        let s = try #require(try PrometheusReference.query("instant_raw_selector.json").vectorSamples?.first)
        #expect(s.labels["__name__"] == "traces_service_graph_request_total")
        #expect(s.labels["__metrics_gen_instance"] == "tempo-0")
        #expect(s.point.value == 90)
    }

    @Test func emptyResultIsAnEmptyVector() throws {
        #expect(try PrometheusReference.query("empty_result.json") == .vector([]))
    }

    @Test func scalarResult() throws {
        #expect(try PrometheusReference.query("scalar.json") == .scalar(PrometheusPoint(time: 1795925655.558, value: 2)))
    }

    @Test func rangeMatrixKeepsEveryPoint() throws {
        guard case let .matrix(series) = try PrometheusReference.query("range_matrix.json") else {
            Issue.record("not a matrix")
            return
        }
        #expect(series.count == 4)
        #expect(series[1].labels == ["client": "checkout", "server": "postgres"])
        #expect(series[1].points == [PrometheusPoint(time: 1795925595, value: 1.5), PrometheusPoint(time: 1795925655, value: 1.5)])
        #expect(try PrometheusReference.query("range_matrix.json").vectorSamples == nil)
    }

    @Test func histogramQuantileAnswer() throws {
        let samples = try #require(try PrometheusReference.query("instant_histogram_quantile.json").vectorSamples)
        #expect(samples.map(\.point.value) == [0.09000000000000001, 1.5200000000000002, 0.38000000000000006, 0.09000000000000002])
    }

    /// Prometheus 2.42's own answers to `vector(-1)/0`, `1/0`, `"hello"` and a 0/0 division.
    @Test func nonFiniteValuesAndStrings() throws {
        let negInf = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795925700,"-Inf"]}]}}"#
        #expect(try PrometheusResponse(queryBody: body(negInf), httpStatus: 200).data
            == .vector([PrometheusSample(labels: [:], point: PrometheusPoint(time: 1795925700, value: -.infinity))]))
        let posInf = #"{"status":"success","data":{"resultType":"scalar","result":[1795925700,"+Inf"]}}"#
        #expect(try PrometheusResponse(queryBody: body(posInf), httpStatus: 200).data
            == .scalar(PrometheusPoint(time: 1795925700, value: .infinity)))
        let text = #"{"status":"success","data":{"resultType":"string","result":[1795925700,"hello"]}}"#
        #expect(try PrometheusResponse(queryBody: body(text), httpStatus: 200).data == .string(time: 1795925700, value: "hello"))
        let nan = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"supersonic-triton-74c49fcf8-idle1"},"value":[1795925700,"NaN"]},{"metric":{"pod":"supersonic-triton-74c49fcf8-rxzpm"},"value":[1795925700,"1500"]}]}}"#
        let samples = try #require(try PrometheusResponse(queryBody: body(nan), httpStatus: 200).data.vectorSamples)
        #expect(samples[0].point.value.isNaN)
        #expect(samples[1].point.value == 1500)
    }

    @Test func exemplarsWithTraceIDs() throws {
        let series = try PrometheusResponse(exemplarsBody: Fixtures.data("prometheus/exemplars.json"), httpStatus: 200).data
        #expect(series.count == 4)
        #expect(series[0].seriesLabels["connection_type"] == "database")
        #expect(series[0].seriesLabels["le"] == "0.1")
        #expect(series.map(\.exemplars.count) == [3, 3, 3, 3])
        let first = series[0].exemplars[0]
        #expect(first.value == 0.02)
        #expect(first.time == 1795925529.787)
        #expect(first.traceID?.hex == "5b8efff798038103d269b633813fc700")
        #expect(series[1].exemplars[2].value == 1)
    }

    /// Tempo trims leading zeros from exemplar trace ids; the id keeps all 32 digits.
    @Test func trimmedExemplarTraceIDIsPadded() throws {
        let json = #"{"status":"success","data":[{"seriesLabels":{"le":"0.1"},"exemplars":[{"labels":{"traceID":"3d269b633813fc7"},"value":"0.05","timestamp":1795925649.787},{"labels":{"span":"x"},"value":"1","timestamp":1}]}]}"#
        let series = try PrometheusResponse(exemplarsBody: body(json), httpStatus: 200).data
        #expect(series[0].exemplars[0].traceID?.hex == "000000000000000003d269b633813fc7")
        #expect(series[0].exemplars[1].traceID == nil)
    }

    @Test func warningsAreKept() throws {
        let json = #"{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial response: store 2 unreachable"]}"#
        #expect(try PrometheusResponse(queryBody: body(json), httpStatus: 200).warnings == ["partial response: store 2 unreachable"])
    }

    /// A vector of native histograms (the bare metric name) reads as samples carrying the
    /// histogram, their value its count; plain samples beside them are unchanged.
    @Test func nativeHistogramSamplesAreRead() throws {
        let json = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"histogram":[1,{"count":"2","sum":"3","buckets":[[0,"0.5","0.6","1.5"],[0,"1","1.1","0.5"]]}]},{"metric":{"a":"2"},"value":[1,"4"]}]}}"#
        let samples = try #require(try PrometheusResponse(queryBody: body(json), httpStatus: 200).data.vectorSamples)
        #expect(samples.map(\.labels) == [["a": "1"], ["a": "2"]])
        #expect(samples[0].point.value == 2)
        #expect(samples[0].histogram == PrometheusNativeHistogram(count: 2, sum: 3, buckets: [
            .init(lower: 0.5, upper: 0.6, count: 1.5), .init(lower: 1, upper: 1.1, count: 0.5),
        ]))
        #expect(samples[1].histogram == nil)
    }

    // MARK: errors

    private func error(_ body: Data, status: Int) -> PrometheusError? {
        do {
            _ = try PrometheusResponse(queryBody: body, httpStatus: status)
            return nil
        } catch {
            return error
        }
    }

    @Test func serverErrorsCarryTypeAndVerbatimMessage() throws {
        #expect(error(try Fixtures.data("prometheus/error_bad_query.json"), status: 400) == .server(
            httpStatus: 400, errorType: "bad_data",
            message: #"invalid parameter "query": 1:16: parse error: unexpected "(" in grouping opts, expected "," or ")""#))
        #expect(error(try Fixtures.data("prometheus/error_missing_query.json"), status: 400) == .server(
            httpStatus: 400, errorType: "bad_data", message: #"invalid parameter "query": 1:1: parse error: no expression found in input"#))
        #expect(error(try Fixtures.data("prometheus/error_range_bad_step.json"), status: 400) == .server(
            httpStatus: 400, errorType: "bad_data", message: #"invalid parameter "end": end timestamp must not be before start time"#))
    }

    /// A 100 KB error message (a proxy echoing a huge query) is excerpted in the
    /// description, and stays inert; the value itself keeps the verbatim text.
    @Test func hugeServerMessageIsExcerpted() throws {
        let message = "bad \u{1B}[2J" + String(repeating: "x", count: 100_000)
        let json = try JSONSerialization.data(withJSONObject: ["status": "error", "errorType": "bad_data", "error": message])
        let e = try #require(error(json, status: 400))
        #expect(e == .server(httpStatus: 400, errorType: "bad_data", message: message))
        #expect(e.description.utf8.count < 700, "\(e.description.utf8.count) bytes")
        #expect(e.description.hasSuffix("…") && e.description.hasPrefix("Prometheus bad_data (HTTP 400): bad xxx"))
    }

    /// Prometheus 2.42's real 422 for many-to-many matching; 503 as documented for timeouts.
    @Test func executionAndTimeoutErrors() throws {
        let execution = #"{"status":"error","errorType":"execution","error":"found duplicate series for the match group {client=\"supersonic-envoy-58b98b5568-9ww7h\"} on the right hand-side of the operation: [{__name__=\"traces_service_graph_request_total\", client=\"supersonic-envoy-58b98b5568-9ww7h\", instance=\"tempo-0\", server=\"supersonic-triton-74c49fcf8-rxzpm\", source=\"tempo\"}, {__name__=\"traces_service_graph_request_total\", client=\"supersonic-envoy-58b98b5568-9ww7h\", instance=\"tempo-0\", server=\"new-service\", source=\"tempo\"}];many-to-many matching not allowed: matching labels must be unique on one side"}"#
        guard case let .server(status, type, message) = error(body(execution), status: 422) else {
            Issue.record("not a server error")
            return
        }
        #expect(status == 422 && type == "execution")
        #expect(message.hasPrefix(#"found duplicate series for the match group {client="supersonic-envoy-58b98b5568-9ww7h"}"#))
        #expect(message.hasSuffix("many-to-many matching not allowed: matching labels must be unique on one side"))
        let timeout = #"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#
        let e = error(body(timeout), status: 503)
        #expect(e == .server(httpStatus: 503, errorType: "timeout", message: "query timed out in expression evaluation"))
        #expect(e?.description == "Prometheus timeout (HTTP 503): query timed out in expression evaluation")
    }

    @Test func htmlFromAProxyIsQuotedSafely() {
        let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\u{1B}[31m" + String(repeating: "x", count: 400) + "</body></html>"
        guard case let .notJSON(status, excerpt) = error(body(html), status: 502) else {
            Issue.record("not reported as non-JSON")
            return
        }
        #expect(status == 502)
        #expect(excerpt.hasPrefix("<html> <head><title>502 Bad Gateway</title></head> <body>xxx"))
        #expect(excerpt.hasSuffix("…"))
        #expect(excerpt.utf8.count <= PrometheusError.excerptBytes + 3)
        #expect(!excerpt.contains("\u{1B}") && !excerpt.contains("\n"))
    }

    @Test func plainTextAndEmptyBodies() {
        #expect(error(body("404 page not found\n"), status: 404) == .notJSON(httpStatus: 404, excerpt: "404 page not found"))
        #expect(error(Data(), status: 200) == .notJSON(httpStatus: 200, excerpt: ""))
        #expect(error(Data(), status: 200)?.description.contains("empty body") == true)
        // A multi-byte character cut at the excerpt limit is dropped, not shown as U+FFFD.
        let cut = String(repeating: "a", count: 199) + "é" + "b"
        #expect(error(body(cut), status: 500) == .notJSON(httpStatus: 500, excerpt: String(repeating: "a", count: 199) + "…"))
    }

    @Test func malformedJSONNeverCrashes() {
        let cases: [(String, Int)] = [
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1,"#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}"#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0x1p3"]}]}}"#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}"#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}"#, 200),
            (#"{"status":"success","data":{"resultType":"histogram","result":[]}}"#, 200),
            (#"{"status":"success","data":[]}"#, 200),
            (#"{"status":"success"}"#, 200),
            (#"{"message":"Bad Gateway"}"#, 502),
            (#"[1,2,3]"#, 200),
            (#""success""#, 200),
            (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1e999,"1"]}]}}"#, 200),
            (String(repeating: "[", count: 100_000), 200),
            ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String(repeating: "{\"metric\":{\"a\":\"b\"},\"value\":[1,\"1\"]},", count: 100_000), 200),
        ]
        for (text, status) in cases {
            #expect(error(body(text), status: status) != nil, "\(text.prefix(80))")
        }
        #expect(error(body(#"{"message":"Bad Gateway"}"#), status: 502)
            == .unexpectedShape(httpStatus: 502, reason: #"no "status" field in "{"message":"Bad Gateway"}""#))
        #expect(error(body(#"{"status":"success","data":{"resultType":"histogram","result":[]}}"#), status: 200)
            == .unexpectedShape(httpStatus: 200, reason: #"unknown resultType "histogram""#))
    }

    @Test func largeAnswersDecode() throws {
        let item = #"{"metric":{"client":"c","server":"s","le":"0.1"},"value":[1795925700,"1.5"]}"#
        let json = #"{"status":"success","data":{"resultType":"vector","result":["# + Array(repeating: item, count: 50_000).joined(separator: ",") + "]}}"
        #expect(try PrometheusResponse(queryBody: body(json), httpStatus: 200).data.vectorSamples?.count == 50_000)
    }

    @Test func errorBodyWithoutFields() {
        #expect(error(body(#"{"status":"error"}"#), status: 500)
            == .server(httpStatus: 500, errorType: "", message: #"status "error" without a message"#))
    }
}
