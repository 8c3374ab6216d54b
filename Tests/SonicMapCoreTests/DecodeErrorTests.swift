import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

@Suite struct DecodeErrorTests {
    private func error(_ body: () throws(TraceDecodeError) -> Trace) -> TraceDecodeError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    private func error(decoding text: String) -> TraceDecodeError? {
        error { () throws(TraceDecodeError) in try TraceDecoder.decode(Data(text.utf8)) }
    }

    @Test func garbageIsAnUnknownFormat() {
        for garbage in ["hello world", "not json", "<html><body>502 Bad Gateway</body></html>"] {
            let e = error(decoding: garbage)
            guard case .unknownFormat? = e else { Issue.record("\(garbage): \(String(describing: e))"); continue }
            #expect(e!.description.hasPrefix("unknown trace format: expected Tempo v1/v2 JSON, OTLP JSON or OTLP protobuf, found text starting with"))
        }
        #expect(error(decoding: "") == .unknownFormat(found: "empty input"))
        #expect(error(decoding: " \n ") == .unknownFormat(found: "only whitespace"))
        let binary = error { () throws(TraceDecodeError) in try TraceDecoder.decode([UInt8]([0xFF, 0xFE, 0x00, 0x07, 0x80])) }
        #expect(binary?.description.hasPrefix("unknown trace format: expected Tempo v1/v2 JSON, OTLP JSON or OTLP protobuf, found 5 bytes of binary data (as protobuf: ") == true)
    }

    @Test func jsonThatIsNotATrace() {
        #expect(error(decoding: #"{"status":"success","data":{}}"#)?.description
            == "not a trace: JSON object has neither 'batches', 'resourceSpans' nor 'trace'")
        #expect(error { () throws(TraceDecodeError) in try TraceDecoder.decodeJSON(Data("[1,2]".utf8)) }
            == .notATrace("expected a JSON object, found an array"))
        #expect(error(decoding: #"{"batches":{}}"#) == .invalidJSON(offset: 11, message: "'batches' must be an array, found an object"))
        #expect(error(decoding: #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":7}]}]}]}"#)
            == .invalidJSON(offset: 51, message: "the span's 'name' must be a string, found a number"))
        #expect(error(decoding: #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"not an id"}]}]}]}"#)
            == .invalidJSON(offset: 54, message: "'traceId' must be up to 32 hex digits or base64 of 16 bytes"))
        #expect(error(decoding: #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"AAAAAA=="}]}]}]}"#)?.description
            == "invalid trace JSON at byte 53: 'spanId' must be up to 16 hex digits or base64 of 8 bytes")
        #expect(error(decoding: #"{"batches":[]} trailing"#) == .invalidJSON(offset: 15, message: "expected the end of input after the JSON object, found 't'"))
        #expect(error(decoding: #"{"batches" []}"#) == .invalidJSON(offset: 11, message: "expected ':' after a key, found an array"))
        #expect(error(decoding: #"{"batches":[] "trace":{}}"#) == .invalidJSON(offset: 14, message: "expected ',' or '}' after an object member, found a string"))
    }

    @Test func truncatedInputSaysWhere() throws {
        let full = try TempoFixture.recorded("trace_v2_one-span.json")
        for cut in [1, 40, 100, 200, 300, full.count - 3] {
            let e = error { () throws(TraceDecodeError) in try TraceDecoder.decode(full.prefix(cut)) }
            guard case .truncated(let format, let offset, _)? = e else { Issue.record("cut \(cut): \(String(describing: e))"); continue }
            #expect(format == "JSON")
            #expect(offset == cut)
            #expect(e!.description.hasPrefix("truncated JSON: input ends at byte \(cut) inside "))
        }
        let unfinished = #"{"batches":[{"scopeSpans":[{"spans":[{"name":"unfinished"#
        #expect(error(decoding: unfinished) == .truncated(format: "JSON", offset: unfinished.utf8.count, context: "a string"))

        let body = try Fixtures.data("envoy/otlp_bodies/spawn/0001.bin")
        for cut in [1, 2, 50, body.count / 2, body.count - 1] {
            let e = error { () throws(TraceDecodeError) in try TraceDecoder.decodeProtobuf(body.prefix(cut)) }
            guard case .truncated(let format, let offset, _)? = e else { Issue.record("cut \(cut): \(String(describing: e))"); continue }
            #expect(format == "protobuf")
            #expect(offset == cut)
            // A lone 0x0A is a newline to auto-detect; longer prefixes are recognised as protobuf.
            let auto = error { () throws(TraceDecodeError) in try TraceDecoder.decode(body.prefix(cut)) }
            #expect(auto?.description.contains(cut == 1 ? "found only whitespace" : "truncated protobuf: input ends at byte \(cut)") == true)
        }
    }

    @Test func invalidProtobufSaysWhere() {
        // Field 1 of ResourceSpans (the Resource) sent as a varint.
        let wrongType: [UInt8] = [0x0A, 0x02, 0x08, 0x01]
        #expect(error { () throws(TraceDecodeError) in try TraceDecoder.decodeProtobuf(wrongType) }
            == .invalidProtobuf(offset: 3, message: "ResourceSpans.resource has wire type varint, expected length-delimited"))
        // A span id of 3 bytes.
        let shortID: [UInt8] = [0x0A, 0x09, 0x12, 0x07, 0x12, 0x05, 0x12, 0x03, 0x01, 0x02, 0x03]
        #expect(error { () throws(TraceDecodeError) in try TraceDecoder.decodeProtobuf(shortID) }
            == .invalidProtobuf(offset: 11, message: "Span.span_id must be 8 bytes, found 3"))
        // A nested length running past its enclosing message.
        let overlong: [UInt8] = [0x0A, 0x02, 0x12, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]
        #expect(error { () throws(TraceDecodeError) in try TraceDecoder.decodeProtobuf(overlong) }?.description
            == "invalid trace protobuf at byte 3: length 5 in ScopeSpans runs past the end of its enclosing message")
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var json = Array(#"{"batches":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"#.utf8)
        json += [0xFF, 0xC3]
        json += Array(#""}}]},"scopeSpans":[{"spans":[{"spanId":"AAAAAAAAAAE=","name":"bad "#.utf8)
        json += [0xE2, 0x82, 0x28, 0xED, 0xA0, 0x80]  // truncated sequence, encoded surrogate
        json += Array(#""}]}]}]}"#.utf8)
        let trace = try TraceDecoder.decode(json)
        #expect(trace.spans[0].service == "svc\u{FFFD}\u{FFFD}")
        #expect(trace.spans[0].name.hasPrefix("bad \u{FFFD}"))
        #expect(trace.spans[0].name.unicodeScalars.allSatisfy { $0 != "\0" })

        var withBadName = DecodeFormatsTests.sample()
        withBadName.spans[0].name = "PLACEHOLDER"
        var pb = TraceEncoder.protobuf(withBadName)
        let marker = Array("PLACEHOLDER".utf8)
        let at = try #require((0...(pb.count - marker.count)).first { Array(pb[$0..<($0 + marker.count)]) == marker })
        pb[at] = 0xFF
        pb[at + 1] = 0xFE
        #expect(try TraceDecoder.decodeProtobuf(pb).spans[0].name == "\u{FFFD}\u{FFFD}ACEHOLDER")
    }

    @Test func deepNestingNeverOverflowsTheStack() throws {
        // Unknown members are skipped by counting brackets, however deep.
        let depth = 200_000
        let deep = #"{"junk":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + #","batches":[{"scopeSpans":[{"spans":[{"spanId":"01"}]}]}]}"#
        #expect(try TraceDecoder.decode(Data(deep.utf8)).spans.count == 1)
        // Unclosed deep junk is truncation, not a crash.
        let unclosed = #"{"junk":"# + String(repeating: "[{\"a\":", count: depth)
        #expect(error(decoding: unclosed) == .truncated(format: "JSON", offset: unclosed.utf8.count, context: "an array"))
        // Attribute values are read recursively, so their depth is bounded.
        let nestedValue = String(repeating: #"{"arrayValue":{"values":["#, count: 40) + #"{"intValue":1}"# + String(repeating: "]}}", count: 40)
        let tooDeep = #"{"batches":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":"# + nestedValue + "}]}]}]}]}"
        let e = error(decoding: tooDeep)
        #expect(e?.description.hasSuffix("attribute value nested deeper than 32 levels") == true)
    }

    @Test func hugeNumbers() throws {
        func span(_ members: String) -> String { #"{"batches":[{"scopeSpans":[{"spans":[{"spanId":"01","# + members + "}]}]}]}" }
        #expect(error(decoding: span(#""startTimeUnixNano":"99999999999999999999999""#))?.description
            == "invalid trace JSON at byte 73: 'startTimeUnixNano' is out of range for a 64-bit integer")
        #expect(error(decoding: span(#""endTimeUnixNano":-5"#))?.description.hasSuffix("'endTimeUnixNano' must not be negative") == true)
        #expect(error(decoding: span(#""attributes":[{"key":"k","value":{"intValue":"9223372036854775808"}}]"#))?.description
            .hasSuffix("'intValue' is out of range for int64") == true)
        #expect(error(decoding: span(#""attributes":[{"key":"k","value":{"intValue":1e400}}]"#))?.description
            .hasSuffix("'intValue' must be an integer in 64-bit range") == true)
        let big = try TraceDecoder.decode(Data(span(#""attributes":[{"key":"k","value":{"doubleValue":1e400}}],"endTimeUnixNano":18446744073709551615"#).utf8))
        #expect(big.spans[0].attributes["k"] == .double(.infinity))
        #expect(big.spans[0].endUnixNano == .max)
    }

    @Test func spanCapStopsDecodingAndMarksPartial() throws {
        let trace = TraceGenerator.generate(spans: 1_000, seed: 3)
        for bytes in [TraceEncoder.tempoJSON(trace), TraceEncoder.otlpJSON(trace), TraceEncoder.protobuf(trace)] {
            let capped = try TraceDecoder.decode(bytes, spanCap: 100)
            #expect(capped.spans == Array(trace.spans.prefix(100)))
            #expect(capped.partial)
            #expect(capped.partialReason == "span cap reached: kept the first 100 spans, skipped 900")
            #expect(try TraceDecoder.decode(bytes, spanCap: 1_000).partial == false)
        }
        // Tempo's own reason comes first.
        let v1 = String(decoding: TraceEncoder.tempoJSON(trace), as: UTF8.self).replacingOccurrences(of: "\"batches\"", with: "\"resourceSpans\"")
        let v2 = #"{"trace":"# + v1 + #","status":"PARTIAL","message":"too big"}"#
        let both = try TraceDecoder.decode(Data(v2.utf8), spanCap: 10)
        #expect(both.partialReason == "too big; span cap reached: kept the first 10 spans, skipped 990")
        #expect(TraceDecoder.defaultSpanCap == 1_000_000)
    }
}
