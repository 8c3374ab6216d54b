import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

/// sonicmap's own Tempo fixtures (`Tests/Fixtures/tempo/`, written by
/// `Tests/Fixtures/record_tempo.py`): the traces it generated (`input/`, OTLP/JSON as the
/// Collector writes it) and what a real Tempo v2.10.8 answered for them (`recorded/`).
enum TempoFixture {
    static func input(_ name: String) throws -> Trace {
        try TraceDecoder.decode(Fixtures.data("tempo/input/\(name)"))
    }

    static func recorded(_ name: String) throws -> Data {
        try Fixtures.data("tempo/recorded/\(name)")
    }
}

extension Trace {
    func span(_ hex: String) -> Span? { spans.first { $0.spanID.hex == hex } }

    /// Every span as one line (ids, name, kind, times, status, service, scope, its resource,
    /// attributes and events, attributes sorted by key), the lines sorted: equal for two
    /// encodings of one trace even where Tempo reorders spans, resources or attributes.
    var canonicalLines: [String] {
        func sorted(_ a: [Attribute]) -> String {
            a.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        return spans.map { s in
            let events = s.events.map { "\($0.name)@\($0.timeUnixNano)[\(sorted($0.attributes))]" }.joined(separator: ";")
            return "\(s.traceID.hex) \(s.spanID.hex) \(s.parentSpanID?.hex ?? "-") \(s.name) \(s.kind) \(s.startUnixNano)-\(s.endUnixNano) "
                + "\(s.status) \(s.statusMessage) \(s.service) \(s.scope) {\(sorted(resources[s.resource].attributes))} "
                + "{\(sorted(s.attributes))} \(events)"
        }.sorted()
    }
}

@Suite struct DecodeReferenceTests {
    /// Tempo's v2 JSON (gogo jsonpb: base64 ids, int64 strings, enum names, `"status":{}`)
    /// decodes to the trace that was pushed as OTLP/JSON.
    @Test func tempoV2ResponseWithBase64IDs() throws {
        let bytes = try TempoFixture.recorded("trace_v2_one-span.json")
        let trace = try TraceDecoder.decodeJSON(bytes)
        #expect(trace.traceID.hex == "5b1e0c4f9a7d3e2c8b6a4f1d0e9c7b5a")
        #expect(!trace.partial)
        #expect(trace.spans.count == 1)
        let span = try #require(trace.spans.first)
        #expect(span.spanID.hex == "e1e19b7ec3c1b100")
        #expect(span.parentSpanID == nil)
        #expect(span.name == "GET /v2/health/ready")
        #expect(span.kind == .server)
        #expect(span.durationNanos == 10_000_000)
        #expect(span.status == .unset)
        #expect(span.service == "gateway-api")
        #expect(span.scope == "sonicmap.fixtures")
        #expect(span.attributes["http.route"] == .string("/v2/health/ready"))
        #expect(try TraceDecoder.decode(bytes) == trace)
        #expect(trace == (try TempoFixture.input("one-span.otlp.json")))
    }

    @Test func tempoV1BatchesWithUppercaseHexAndIntegerKind() throws {
        let trace = try TempoFixture.input("v1-batches-upper-hex.json")
        #expect(trace.traceID.hex == "6c2f1d5e0b8e4f3d9c7b5e2f1a0d8c6b")
        let span = try #require(trace.spans.first)
        #expect(span.spanID.hex == "a0b1c2d3e4f50174")
        #expect(span.parentSpanID?.hex == "a0b1c2d3e4f50173")
        #expect(span.kind == .server)
        #expect(span.name == "POST /v2/repository/models/simple/load")
        #expect(span.durationNanos == 1_000_000_000)
        #expect(span.scope == "sonicmap.fixtures")
        #expect(trace.resources == [Resource(attributes: [Attribute("service.name", .string("model-loader"))])])
        // What the real Tempo's v1 endpoint answered for this upload is the same trace.
        #expect(try TraceDecoder.decode(TempoFixture.recorded("trace_v1_v1-batches.json")) == trace)
    }

    /// Tempo's jsonpb of a trace with every attribute type, events, a span without a kind
    /// and a scope without a name; Tempo moves attributes around, nothing else changes.
    @Test func tempoJSONPBShapes() throws {
        let trace = try TraceDecoder.decode(try TempoFixture.recorded("trace_v1_jsonpb-shapes.json"))
        #expect(trace.traceID.hex == "3a9c1e7b5d2f4a6c8e0b1d3f5a7c9e1b")
        #expect(trace.spans.count == 6)
        #expect(trace.resources.count == 2)
        #expect(trace.spans.map(\.resource) == [0, 0, 0, 0, 1, 1])
        #expect(trace.resources[0].attributes.count == 12)
        #expect(trace.resources[0].attributes["process.pid"] == .int(164_005))
        #expect(trace.resources[0].attributes["fixture.resource.list"] == .array([.string("a"), .string("b")]))
        let first = trace.spans[0]
        #expect(first.spanID.hex == "3a9c1e7b5d2f0001")
        #expect(first.parentSpanID == nil)
        #expect(first.name == "run-batch")
        #expect(first.kind == .unspecified)  // no "kind" key: the zero value
        #expect(first.service == "batch-runner")
        #expect(first.scope == "")  // "scope":{}
        #expect(first.durationNanos == 92_000_000)
        #expect(first.attributes.count == 10)
        #expect(first.attributes["http.status_code"] == .int(110))
        #expect(first.attributes["fixture.big"] == .int(9_007_199_254_740_993))  // beyond a double's precision
        #expect(first.attributes["fixture.unicode"] == .string("µs ✓"))
        #expect(first.events.count == 4)
        #expect(first.events[0].name == "")  // omitted: the zero value
        #expect(first.events[0].timeUnixNano == first.startUnixNano)
        #expect(first.events[0].attributes["fixture.event.int"] == .int(424_354))
        #expect(trace.span("3a9c1e7b5d2f0003")?.parentSpanID?.hex == "3a9c1e7b5d2f0001")
        #expect(trace.span("3a9c1e7b5d2f0005")?.parentSpanID?.hex == "3a9c1e7b5d2f0003")
        #expect(trace.span("3a9c1e7b5d2f0005")?.statusMessage == "model not ready")
        #expect(trace.canonicalLines == (try TempoFixture.input("jsonpb-shapes.otlp.json")).canonicalLines)
    }

    @Test func serviceGraphTraceWithFailedRequests() throws {
        let trace = try TempoFixture.input("servicegraph-failed-requests.otlp.json")
        #expect(trace.traceID.hex == "0e4c8a2f6b1d5e9a3c7f0b4d8e2a6c1f")
        #expect(trace.spans.count == 15)
        #expect(trace.resources.count == 15)
        #expect(trace.spans.filter { $0.status == .error }.map(\.name) == ["submit", "POST /v1/jobs", "pg.query:INSERT"])
        #expect(trace.spans.filter { $0.status == .ok }.count == 3)
        let pg = try #require(trace.span("0e4c8a2f6b1d0007"))
        #expect(pg.name == "pg.query:INSERT")
        #expect(pg.kind == .client)
        #expect(pg.parentSpanID?.hex == "0e4c8a2f6b1d0003")
        #expect(pg.statusMessage == #"null value in column "owner" of relation "jobs" violates not-null constraint"#)
        #expect(pg.service == "inference-api")
        #expect(pg.scope == "fixture-pg")
        #expect(pg.attributes["net.peer.port"] == .int(5432))
        #expect(pg.attributes["db.statement"] == .string("INSERT INTO jobs(owner) VALUES ($1)"))
        #expect(trace.resources[pg.resource].attributes["ip"] == .string("10.1.0.5"))
        let root = try #require(trace.spans.first)
        #expect(root.parentSpanID == nil)
        #expect(root.durationNanos == 15_318_000)
        let fromTempo = try TraceDecoder.decode(TempoFixture.recorded("trace_v2_servicegraph-failed-requests.json"))
        #expect(fromTempo.canonicalLines == trace.canonicalLines)
    }

    @Test func serviceGraphTraceWithQueueAndDatabase() throws {
        let trace = try TempoFixture.input("servicegraph-queue-database.otlp.json")
        #expect(trace.traceID.hex == "4d8a2c6e0f1b3d5a7c9e1f3b5d7a9c2e")
        #expect(trace.spans.count == 17)
        let producer = try #require(trace.spans.first { $0.kind == .producer })
        #expect(producer.name == "jobs send")
        #expect(producer.spanID.hex == "4d8a2c6e0f1b000b")
        let consumer = try #require(trace.spans.first { $0.kind == .consumer })
        #expect(consumer.name == "jobs process")
        #expect(consumer.parentSpanID == producer.spanID)
        #expect(consumer.service == "result-recorder")
        #expect(consumer.scope == "fixture-amqp")
        let fromTempo = try TraceDecoder.decode(TempoFixture.recorded("trace_v2_servicegraph-queue-database.json"))
        #expect(fromTempo.canonicalLines == trace.canonicalLines)
    }

    /// Two traces in one payload: the id most spans carry wins, and no span is dropped.
    @Test func serviceGraphTraceWithVirtualNodesMixesTraceIDs() throws {
        let trace = try TempoFixture.input("servicegraph-virtual-nodes.otlp.json")
        #expect(trace.traceID.hex == "7f3b9d1e5a2c6f0b4d8e1a5c9f3b7d2e")
        #expect(trace.spans.map(\.name) == ["POST /v1/jobs", "HTTP GET /models", "Consumed"])
        #expect(trace.spans.map(\.kind) == [.server, .client, .consumer])
        #expect(trace.spans[2].traceID.hex == "8a4c0e2b6d1f5a9c3e7b1d5f9a3c7e0b")
        #expect(trace.spans[1].parentSpanID?.hex == "7f3b9d1e5a2c0001")
        #expect(trace.spans[1].attributes["peer.service"] == .string("model-repository"))
        #expect(trace.spans.map(\.service) == ["inference-api", "inference-api", "internal-consumer"])
        // Tempo answers for the main trace only.
        let fromTempo = try TraceDecoder.decode(TempoFixture.recorded("trace_v2_servicegraph-virtual-nodes.json"))
        #expect(fromTempo.spans.map(\.name) == ["POST /v1/jobs", "HTTP GET /models"])
    }

    @Test func tritonSpansInCollectorOTLPJSON() throws {
        let trace = try TraceDecoder.decode(try Fixtures.data("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"))
        #expect(trace.traceID.hex == "0af7651916cd43dd8448eb211c12666c")
        #expect(trace.spans.map(\.name) == ["compute", "simple", "InferRequest"])
        #expect(trace.spans.allSatisfy { $0.kind == .server && $0.service == "triton-inference-server" && $0.scope == "triton-server" })
        let compute = trace.spans[0], model = trace.spans[1], request = trace.spans[2]
        #expect(compute.spanID.hex == "0c1d2e3f4a5b6c7d")
        #expect(compute.parentSpanID == model.spanID)
        #expect(compute.events.map(\.name) == ["COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END"])
        #expect(compute.eventTime("COMPUTE_START") == 1_795_925_540_051_097_754)
        #expect(compute.eventTime("COMPUTE_END") == 1_795_925_540_053_751_545)
        #expect(model.parentSpanID == request.spanID)
        #expect(model.attributes["triton.model_name"] == .string("simple"))
        #expect(model.attributes["triton.model_version"] == .int(1))
        #expect(model.attributes["triton.trace_parent_id"] == .int(0))
        #expect(model.eventTime("QUEUE_START") == 1_795_925_540_051_002_073)
        #expect(request.parentSpanID?.hex == "0b5b521aa16f7fe5")  // the Envoy egress span
        #expect(request.eventTime("HTTP_RECV_START") == 1_795_925_540_050_798_000)
        #expect(request.startUnixNano == 1_795_925_540_050_892_864)
        #expect(trace.resources[0].attributes["pod_name"] == nil)
        #expect(trace.resources[0].attributes["telemetry.sdk.name"] == .string("opentelemetry"))
    }

    /// The Envoy exports as captured: OTLP JSON per export, and the raw protobuf bodies
    /// Envoy POSTed (`NNNN.bin` is export NNNN); both must decode to the same trace.
    @Test(arguments: ["spawn", "default", "grpc"])
    func envoyExportsAsJSONAndProtobufAgree(variant: String) throws {
        let exports = try Self.envoyExports(variant)
        let bodies = try Fixtures.files(in: "envoy/otlp_bodies/\(variant)", suffix: ".bin")
        #expect(bodies.count == exports.count)
        for (export, body) in zip(exports, bodies) {
            let fromJSON = try TraceDecoder.decodeJSON(export)
            let protobuf = try Fixtures.data(body)
            let fromProtobuf = try TraceDecoder.decodeProtobuf(protobuf)
            #expect(fromProtobuf == fromJSON, "\(body)")
            #expect(try TraceDecoder.decode(protobuf) == fromJSON, "auto-detect of \(body)")
            #expect(fromJSON.spans.allSatisfy { $0.scope == "envoy" && $0.traceID.hex.count == 32 && $0.spanID.hex.count == 16 })
            #expect(fromJSON.resources.allSatisfy { $0.attributes["telemetry.sdk.name"] == .string("envoy") })
        }
    }

    @Test func envoySpawnUpstreamExport() throws {
        let trace = try TraceDecoder.decodeJSON(try Self.envoyExports("spawn")[0])
        #expect(trace.spans.count == 5)
        // Two traces hold two spans each: the tie goes to the one seen first.
        #expect(trace.traceID.hex == "8a00b629b3dda9aed0088196296d47e3")
        let egress = trace.spans[0], ingress = trace.spans[1]
        #expect(egress.name == "router triton egress")
        #expect(egress.kind == .client)
        #expect(egress.spanID.hex == "2505d6a50e6d2e2d")
        #expect(egress.parentSpanID == ingress.spanID)
        #expect(egress.attributes["upstream_address"] == .string("127.0.0.1:18001"))
        #expect(ingress.name == "ingress")
        #expect(ingress.kind == .server)
        #expect(ingress.parentSpanID == nil)
        #expect(ingress.startUnixNano == 1_795_925_539_991_578_000)
        #expect(ingress.endUnixNano == 1_795_925_540_013_889_000)
        #expect(ingress.attributes["http.status_code"] == .string("200"))
        #expect(ingress.attributes["guid:x-request-id"] == .string("4bd44c96-b3e6-9a4a-9c8c-46368e7f7547"))
        #expect(ingress.service == "envoy-gateway")

        let continued = try TraceDecoder.decodeJSON(try Self.envoyExports("spawn")[1])
        let remote = try #require(continued.span("7a8513072f53b5be"))
        #expect(remote.parentSpanID?.hex == "b7ad6b7169242424")  // the caller's traceparent
        #expect(remote.traceID.hex == "0af7651916cd43dd8448eb211c12666c")
        #expect(continued.span("dd026397242f50d4")?.status == .error)
    }

    @Test func envoyGRPCFailuresFromProtobuf() throws {
        let trace = try TraceDecoder.decodeProtobuf(try Fixtures.data("envoy/otlp_bodies/grpc/0002.bin"))
        let failed = try #require(trace.span("b16e447ecd4b0c0e"))
        #expect(failed.name == "ingress")
        #expect(failed.status == .error)
        #expect(failed.attributes["grpc.status_code"] == .string("14"))
        #expect(failed.attributes["grpc.message"] == .string("model not ready"))
        #expect(failed.startUnixNano == 1_795_925_643_731_036_000)
        let notFound = try #require(trace.span("e759b87e7d204f76"))
        #expect(notFound.status == .unset)  // NOT_FOUND (5) is not an error on a SERVER span
        #expect(notFound.attributes["grpc.message"] == .string("unknown model"))
        #expect(trace.span("b19e671a76d35231")?.status == .error)
    }

    @Test func envoyDefaultServiceName() throws {
        let trace = try TraceDecoder.decodeProtobuf(try Fixtures.data("envoy/otlp_bodies/default/0001.bin"))
        #expect(trace.spans.map(\.name) == ["ingress", "ingress", "ingress"])
        #expect(trace.spans.allSatisfy { $0.parentSpanID == nil && $0.kind == .server })
        #expect(trace.spans.map(\.spanID.hex) == ["e3c485f6ca6b5aa6", "9ef1fd14236ff700", "6afdfda5076850db"])
        #expect(trace.spans[0].service == "unknown_service:envoy")
    }

    /// `variants.<variant>.exports[*]`, each re-serialised as its own OTLP JSON document.
    static func envoyExports(_ variant: String) throws -> [Data] {
        let root = try JSONSerialization.jsonObject(with: try Fixtures.data("envoy/envoy-1.40_real_spans.json"))
        let variants = try #require((root as? [String: Any])?["variants"] as? [String: Any])
        let exports = try #require((variants[variant] as? [String: Any])?["exports"] as? [Any])
        return try exports.map { try JSONSerialization.data(withJSONObject: $0) }
    }
}
