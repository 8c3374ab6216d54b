import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

@Suite struct DecodeFormatsTests {
    /// A small trace using every value type, text that needs escaping, a resource
    /// without `service.name`, several scopes and a leading-zero trace id.
    static func sample() -> Trace {
        let traceID = TraceID(hex: "abcdef")!
        let resources = [
            Resource(attributes: [
                Attribute("service.name", .string("supersonic-envoy-58b98b5568-9ww7h")),
                Attribute("weird", .string("tab\there \"quoted\" \\ back \u{1}ctl ünïcödé 🚀 \u{1B}[31m")),
            ]),
            Resource(attributes: []),
        ]
        let ingress = Span(
            traceID: traceID, spanID: SpanID(0x00ff_0000_0000_0001), parentSpanID: nil, name: "ingress", kind: .client,
            startUnixNano: 1_795_925_539_991_578_000, endUnixNano: 1_795_925_540_013_889_000,
            status: .error, statusMessage: "upstream \"reset\"\n",
            attributes: [
                Attribute("http.status_code", .string("503")),
                Attribute("error", .bool(true)),
                Attribute("negative", .int(-42)),
                Attribute("max", .int(.max)),
                Attribute("min", .int(.min)),
                Attribute("ratio", .double(1.5)),
                Attribute("tiny", .double(-2.5e-11)),
                Attribute("inf", .double(.infinity)),
                Attribute("list", .array([.string("a"), .int(1), .array([.bool(false)])])),
                Attribute("raw", .bytes([0, 255, 1, 2])),
                Attribute("", .string("")),
            ],
            events: [SpanEvent(name: "retry", timeUnixNano: 1_795_925_540_000_000_000, attributes: [Attribute("attempt", .int(2))])],
            service: "supersonic-envoy-58b98b5568-9ww7h", scope: "envoy", resource: 0)
        let internalSpan = Span(
            traceID: traceID, spanID: SpanID(2), parentSpanID: ingress.spanID, name: "", kind: .internal,
            startUnixNano: 0, endUnixNano: 0, status: .ok, service: ingress.service, scope: "other", resource: 0)
        let orphan = Span(
            traceID: traceID, spanID: SpanID(3), parentSpanID: SpanID(0xdead_beef), name: "InferRequest", kind: .unspecified,
            startUnixNano: 5, endUnixNano: 4, service: "unknown_service", scope: "", resource: 1)
        return Trace(traceID: traceID, spans: [ingress, internalSpan, orphan], resources: resources)
    }

    @Test func sampleRoundTripsThroughEveryEncoding() throws {
        let trace = Self.sample()
        #expect(trace.traceID.hex == "00000000000000000000000000abcdef")
        let encodings: [(String, [UInt8])] = [
            ("Tempo JSON", TraceEncoder.tempoJSON(trace)),
            ("OTLP JSON", TraceEncoder.otlpJSON(trace)),
            ("protobuf", TraceEncoder.protobuf(trace)),
        ]
        for (name, bytes) in encodings {
            #expect(try TraceDecoder.decode(bytes) == trace, "\(name)")
        }
        #expect(try TraceDecoder.decodeProtobuf(encodings[2].1) == trace)
        #expect(try TraceDecoder.decodeJSON(encodings[0].1) == TraceDecoder.decodeJSON(encodings[1].1))
    }

    @Test(arguments: [1, 2, 7, 1_000, 5_000])
    func generatedTracesRoundTrip(spans: Int) throws {
        let trace = TraceGenerator.generate(spans: spans, seed: UInt64(spans))
        #expect(trace.spans.count == spans)
        #expect(try TraceDecoder.decode(TraceEncoder.tempoJSON(trace)) == trace)
        #expect(try TraceDecoder.decode(TraceEncoder.otlpJSON(trace)) == trace)
        #expect(try TraceDecoder.decode(TraceEncoder.protobuf(trace)) == trace)
    }

    @Test func generatorIsDeterministicAndShapedLikeSuperSONIC() {
        let trace = TraceGenerator.generate(spans: 2_000, seed: 7)
        #expect(trace == TraceGenerator.generate(spans: 2_000, seed: 7))
        #expect(trace != TraceGenerator.generate(spans: 2_000, seed: 8))
        #expect(trace.spans.allSatisfy { $0.traceID == trace.traceID })
        let names = Set(trace.spans.map(\.name))
        #expect(names.isSuperset(of: ["process_events", "ingress", "InferRequest", "compute", "particlenet_AK8_ensemble"]))
        let ingress = trace.spans.filter { $0.name == "ingress" }
        #expect(ingress.allSatisfy { $0.kind == .client && $0.scope == "envoy" && $0.startUnixNano % 1_000 == 0 })
        #expect(ingress.contains { $0.status == .error })
        let compute = trace.spans.first { $0.name == "compute" }
        #expect(compute?.events.map(\.name) == ["COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END"])
        // Orphans: an InferRequest whose parent is not in the trace.
        let ids = Set(trace.spans.map(\.spanID))
        #expect(trace.spans.contains { $0.name == "InferRequest" && !ids.contains($0.parentSpanID!) })
        let bytes = TraceEncoder.tempoJSON(trace).count
        #expect((400...900).contains(bytes / trace.spans.count))
    }

    @Test func tempoJSONIsGogoJSONPB() throws {
        let text = String(decoding: TraceEncoder.tempoJSON(Self.sample()), as: UTF8.self)
        #expect(text.hasPrefix(#"{"batches":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"supersonic-envoy-58b98b5568-9ww7h"}}"#))
        #expect(text.contains(#""traceId":"AAAAAAAAAAAAAAAAAKvN7w==","spanId":"AP8AAAAAAAE=","name":"ingress","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1795925539991578000""#))
        #expect(text.contains(#""status":{"code":"STATUS_CODE_ERROR","message":"upstream \"reset\"\n"}"#))
        #expect(text.contains(#"{"key":"min","value":{"intValue":"-9223372036854775808"}}"#))
        #expect(text.contains(#"{"key":"inf","value":{"doubleValue":"Infinity"}}"#))
        #expect(text.contains(#"tab\there \"quoted\" \\ back \u0001ctl ünïcödé 🚀 \u001b[31m"#))
        #expect(!text.contains(#""kind":"SPAN_KIND_UNSPECIFIED""#))  // zero values are omitted
        #expect(text.contains(#""parentSpanId":"AP8AAAAAAAE=""#))
        #expect(!text.contains(#""parentSpanId":"""#))
    }

    @Test func otlpJSONIsCollectorForm() throws {
        let text = String(decoding: TraceEncoder.otlpJSON(Self.sample()), as: UTF8.self)
        #expect(text.hasPrefix(#"{"resourceSpans":["#))
        #expect(text.contains(#""traceId":"00000000000000000000000000abcdef","spanId":"00ff000000000001","parentSpanId":"","name":"ingress","kind":3,"#))
        #expect(text.contains(#""status":{"code":2,"message":"#))
        #expect(text.contains(#""parentSpanId":"00000000deadbeef""#))
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["resourceSpans"] is [Any])
    }

    @Test func tempoV2ProtobufCarriesPartialStatus() throws {
        let trace = Self.sample()
        var response = Tempopb_TraceByIDResponse()
        response.trace.resourceSpans = try Opentelemetry_Proto_Trace_V1_TracesData(serializedBytes: TraceEncoder.protobuf(trace)).resourceSpans
        response.metrics.inspectedBytes = 12_345
        response.status = .partial
        response.message = "trace exceeds max size (5000000 bytes)"
        let body: [UInt8] = try response.serializedBytes()
        for decoded in [try TraceDecoder.decodeProtobuf(body, message: .traceByIDResponse), try TraceDecoder.decode(body)] {
            #expect(decoded.spans == trace.spans)
            #expect(decoded.partial)
            #expect(decoded.partialReason == "trace exceeds max size (5000000 bytes)")
        }
        var complete = response
        complete.status = .complete
        complete.message = ""
        #expect(try TraceDecoder.decode(complete.serializedBytes() as [UInt8]).partial == false)
    }

    @Test func exportTraceServiceRequestAndTempoTraceShareTheWireForm() throws {
        let trace = Self.sample()
        let data = try Opentelemetry_Proto_Trace_V1_TracesData(serializedBytes: TraceEncoder.protobuf(trace))
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        request.resourceSpans = data.resourceSpans
        var tempo = Tempopb_Trace()
        tempo.resourceSpans = data.resourceSpans
        #expect(try TraceDecoder.decode(request.serializedBytes() as [UInt8]) == trace)
        #expect(try TraceDecoder.decodeProtobuf(tempo.serializedBytes() as [UInt8]) == trace)
    }

    @Test func tempoV2JSONPartialAndEmpty() throws {
        let v1 = try Fixtures.data("tempo/input/v1-batches-upper-hex.json")
        let batches = String(decoding: v1, as: UTF8.self)
            .replacingOccurrences(of: "\"batches\"", with: "\"resourceSpans\"")
        let partial = #"{"trace":"# + batches + #","status":"PARTIAL","message":"trace exceeds max size","metrics":{"inspectedBytes":"1"}}"#
        let trace = try TraceDecoder.decode(Data(partial.utf8))
        #expect(trace.partial)
        #expect(trace.partialReason == "trace exceeds max size")
        #expect(trace.spans.count == 1)
        let complete = #"{"metrics":{},"trace":"# + batches + "}"
        #expect(try TraceDecoder.decode(Data(complete.utf8)).partial == false)

        for empty in [#"{"trace":{},"metrics":{}}"#, #"{"batches":[]}"#, #"{"trace":{"resourceSpans":[]}}"#, #"{"trace":null}"#] {
            #expect(throws: TraceDecodeError.notFound) { try TraceDecoder.decode(Data(empty.utf8)) }
        }
        #expect(TraceDecodeError.notFound.description == "trace not found: the response holds no spans")
        #expect(throws: TraceDecodeError.notFound) { try TraceDecoder.decodeProtobuf([UInt8](), message: .traceByIDResponse) }
    }

    /// Old OTLP JSON names, members in unusual order, numbers where strings are usual,
    /// trimmed hex ids, nulls, escapes, and every AnyValue form.
    @Test func legacyAndLooseJSON() throws {
        let json = #"""
        { "resourceSpans": [ {
            "instrumentationLibrarySpans": [ {
              "spans": [ {
                "traceId": "5b8efff798038103d269b633813fc6", "spanId": "1", "parentSpanId": "",
                "na\u006de": "caf\u00e9 \ud83d\ude80 \ud800 \n", "kind": "SPAN_KIND_PRODUCER",
                "startTimeUnixNano": 1700000000000000000, "endTimeUnixNano": "1700000000000000001",
                "status": { "code": 2, "deprecatedCode": 1 }, "traceState": null, "links": [ { "traceId": "x" } ],
                "attributes": [
                  { "key": "i", "value": { "intValue": 5 } },
                  { "key": "neg", "value": { "intValue": "-7" } },
                  { "key": "exp", "value": { "intValue": 1e3 } },
                  { "key": "d", "value": { "doubleValue": "NaN" } },
                  { "key": "d2", "value": { "doubleValue": 2 } },
                  { "key": "b", "value": { "boolValue": false } },
                  { "key": "bytes", "value": { "bytesValue": "AP8=" } },
                  { "key": "kv", "value": { "kvlistValue": { "values": [
                      { "key": "a", "value": { "intValue": "1" } },
                      { "key": "b", "value": { "arrayValue": { "values": [ { "stringValue": "x" }, { "boolValue": true } ] } } } ] } } },
                  { "key": "empty", "value": {} },
                  { "key": "nothing", "value": null },
                  null
                ],
                "events": [ { "name": "e", "timeUnixNano": "3" }, null ]
              } ],
              "instrumentationLibrary": { "name": "legacy-lib", "version": "0.1" }
            } ],
            "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "late-resource" } } ] }
        } ] }
        """#
        let trace = try TraceDecoder.decode(Data(json.utf8))
        let span = try #require(trace.spans.first)
        #expect(span.traceID.hex == "005b8efff798038103d269b633813fc6")
        #expect(span.spanID.hex == "0000000000000001")
        #expect(span.parentSpanID == nil)
        #expect(span.name == "café 🚀 \u{FFFD} \n")
        #expect(span.kind == .producer)
        #expect(span.startUnixNano == 1_700_000_000_000_000_000)
        #expect(span.durationNanos == 1)
        #expect(span.status == .error)
        #expect(span.service == "late-resource")
        #expect(span.scope == "legacy-lib")
        #expect(span.attributes["i"] == .int(5))
        #expect(span.attributes["neg"] == .int(-7))
        #expect(span.attributes["exp"] == .int(1_000))
        if case .double(let d)? = span.attributes["d"] { #expect(d.isNaN) } else { Issue.record("NaN not read") }
        #expect(span.attributes["d2"] == .double(2))
        #expect(span.attributes["b"] == .bool(false))
        #expect(span.attributes["bytes"] == .bytes([0, 255]))
        #expect(span.attributes["kv"] == .string("{a: 1, b: [x, true]}"))
        #expect(span.attributes["empty"] == .string(""))
        #expect(span.attributes["nothing"] == .string(""))
        #expect(span.attributes.count == 10)
        #expect(span.events == [SpanEvent(name: "e", timeUnixNano: 3)])
    }

    @Test func kvlistFromProtobufFlattensLikeJSON() throws {
        var inner = Opentelemetry_Proto_Common_V1_KeyValue()
        inner.key = "a"
        inner.value.intValue = 1
        var list = Opentelemetry_Proto_Common_V1_KeyValueList()
        list.values = [inner]
        var kv = Opentelemetry_Proto_Common_V1_KeyValue()
        kv.key = "kv"
        kv.value.kvlistValue = list
        var span = Opentelemetry_Proto_Trace_V1_Span()
        span.spanID = Data([0, 0, 0, 0, 0, 0, 0, 1])
        span.attributes = [kv]
        var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        scope.spans = [span]
        var rs = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        rs.scopeSpans = [scope]
        var data = Opentelemetry_Proto_Trace_V1_TracesData()
        data.resourceSpans = [rs]
        let trace = try TraceDecoder.decodeProtobuf(data.serializedBytes() as [UInt8])
        #expect(trace.spans[0].attributes["kv"] == .string("{a: 1}"))
        #expect(trace.spans[0].service == "unknown_service")
        #expect(trace.traceID.isZero)  // a missing trace id is the zero id
    }

    /// A TracesData whose first ResourceSpans is 123 bytes long starts with "\n{",
    /// which looks like JSON after whitespace; auto-detect must still read it.
    @Test func protobufThatStartsLikeJSON() throws {
        var trace = Self.sample()
        trace.spans = [trace.spans[2]]
        trace.spans[0].resource = 0
        trace.resources = [Resource(attributes: [])]
        var found = false
        for padding in 0..<120 {
            trace.resources[0].attributes = [Attribute("pad", .string(String(repeating: "x", count: padding)))]
            let bytes = TraceEncoder.protobuf(trace)
            guard bytes.count > 2, bytes[0] == 0x0A, bytes[1] == UInt8(ascii: "{") else { continue }
            found = true
            #expect(try TraceDecoder.decode(bytes) == trace)
            break
        }
        #expect(found)
    }
}
