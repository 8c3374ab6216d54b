import Foundation
import Testing
@testable import SonicMapCore

/// The captured payloads in `shared/reference/`, which lies beside the repository
/// (`../shared` from its root). Found by walking up from this file.
enum ReferencePayloads {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func directory() throws -> URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.pathComponents.count > 1 {
            let candidate = dir.appendingPathComponent("shared/reference")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "shared/reference/ not found in any folder above \(#filePath); it should lie beside the repository")
    }

    static func data(_ path: String) throws -> Data {
        let url = try directory().appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "reference payload missing: \(url.path)")
        }
        return data
    }

    /// The files in a reference folder whose names end with `suffix`, sorted.
    static func files(in folder: String, suffix: String) throws -> [String] {
        let dir = try directory().appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }
}

extension Trace {
    func span(_ hex: String) -> Span? { spans.first { $0.spanID.hex == hex } }
}

@Suite struct DecodeReferenceTests {
    @Test func tempoV2ResponseWithBase64IDs() throws {
        let bytes = try ReferencePayloads.data("tempo/trace_v2_response.json")
        let trace = try TraceDecoder.decodeJSON(bytes)
        #expect(trace.traceID.hex == "5b8efff798038103d269b633813fc700")
        #expect(!trace.partial)
        #expect(trace.spans.count == 1)
        let span = try #require(trace.spans.first)
        #expect(span.spanID.hex == "eee19b7ec3c1b100")
        #expect(span.parentSpanID == nil)
        #expect(span.name == "I am a span!")
        #expect(span.kind == .server)
        #expect(span.startUnixNano == 1_689_969_302_000_000_000)
        #expect(span.endUnixNano == 1_689_970_000_000_000_000)
        #expect(span.status == .unset)
        #expect(span.service == "my.service")
        #expect(span.scope == "my.library")
        #expect(span.attributes["my.span.attr"] == .string("some value"))
        #expect(try TraceDecoder.decode(bytes) == trace)
    }

    @Test func tempoV1BatchesWithUppercaseHexAndIntegerKind() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("tempo/tempopb_trace_v1_batches.json"))
        #expect(trace.traceID.hex == "5b8efff798038103d269b633813fc60c")
        let span = try #require(trace.spans.first)
        #expect(span.spanID.hex == "eee19b7ec3c1b174")
        #expect(span.parentSpanID?.hex == "eee19b7ec3c1b173")
        #expect(span.kind == .server)
        #expect(span.name == "I'm a server span")
        #expect(span.startUnixNano == 1_544_712_660_000_000_000)
        #expect(span.durationNanos == 1_000_000_000)
        #expect(span.scope == "my.library")
        #expect(trace.resources == [Resource(attributes: [Attribute("service.name", .string("my.service"))])])
    }

    @Test func tempoVultureJSONPB() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("tempo/tempo-vulture_trace.jsonpb.json"))
        #expect(trace.traceID.hex == "3149195ffb0bec05347b48efe8ecc1b0")
        #expect(trace.spans.count == 6)
        #expect(trace.resources.count == 2)
        #expect(trace.spans.map(\.resource) == [0, 0, 0, 0, 1, 1])
        #expect(trace.resources[0].attributes.count == 21)
        #expect(trace.resources[0].attributes["vulture-process-int-01"] == .int(164_005))
        let first = trace.spans[0]
        #expect(first.spanID.hex == "4b23de25d1fb6641")
        #expect(first.parentSpanID == nil)
        #expect(first.name == "vulture-68")
        #expect(first.kind == .unspecified)  // no "kind" key: the zero value
        #expect(first.service == "tempo-vulture")
        #expect(first.scope == "")  // "scope":{}
        #expect(first.endUnixNano == 1_636_729_665_000_092_000)
        #expect(first.attributes.count == 10)
        #expect(first.attributes["http.status_code"] == .int(110))
        #expect(first.events.count == 4)
        #expect(first.events[0].name == "")
        #expect(first.events[0].timeUnixNano == 1_636_729_665_000_000_000)
        #expect(first.events[0].attributes["vulture-event-int-01"] == .int(424_354))
        #expect(trace.span("3ef58fd67f3c3c44")?.parentSpanID?.hex == "4b23de25d1fb6641")
        #expect(trace.span("04b1672edf34433d")?.parentSpanID?.hex == "23483ddcaf958888")
    }

    @Test func serviceGraphTraceWithFailedRequests() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("tempo/servicegraph_input_trace-with-failed-requests.json"))
        #expect(trace.traceID.hex == "e8b6dff9f8d44b28f1b22bc3bd2f6768")
        #expect(trace.spans.count == 15)
        #expect(trace.resources.count == 15)
        #expect(trace.spans.filter { $0.status == .error }.map(\.name) == ["requester", "POST /:endpoint", "pg.query:INSERT"])
        #expect(trace.spans.filter { $0.status == .ok }.count == 3)
        let pg = try #require(trace.span("c1ae6cea39a8fc4b"))
        #expect(pg.name == "pg.query:INSERT")
        #expect(pg.kind == .client)
        #expect(pg.parentSpanID?.hex == "2898383ecfa1a421")
        #expect(pg.statusMessage == #"null value in column "name" of relation "illithid" violates not-null constraint"#)
        #expect(pg.service == "mythical-server")
        #expect(pg.scope == "@opentelemetry/instrumentation-pg")
        #expect(pg.attributes["net.peer.port"] == .int(5432))
        #expect(pg.attributes["db.statement"] == .string("INSERT INTO illithid(name) VALUES ($1)"))
        #expect(trace.resources[pg.resource].attributes["ip"] == .string("1.2.3.5"))
        let root = try #require(trace.spans.first)
        #expect(root.parentSpanID == nil)
        #expect(root.startUnixNano == 1_658_325_672_496_201_216)
    }

    @Test func serviceGraphTraceWithQueueAndDatabase() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("tempo/servicegraph_input_trace-with-queue-database.json"))
        #expect(trace.traceID.hex == "4290b5877a9930de79bb428365398ecc")
        #expect(trace.spans.count == 19)
        let producer = try #require(trace.spans.first { $0.kind == .producer })
        #expect(producer.name == "<default> -> messages send")
        #expect(producer.spanID.hex == "09bc8187c967f4b4")
        let consumer = try #require(trace.spans.first { $0.kind == .consumer })
        #expect(consumer.name == "messages process")
        #expect(consumer.parentSpanID == producer.spanID)
        #expect(consumer.service == "mythical-recorder")
        #expect(consumer.scope == "@opentelemetry/instrumentation-amqplib")
    }

    /// Two traces in one payload: the id most spans carry wins, and no span is dropped.
    @Test func serviceGraphTraceWithVirtualNodesMixesTraceIDs() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("tempo/servicegraph_input_trace-with-virtual-nodes.json"))
        #expect(trace.traceID.hex == "4290b5877a9930de79bb428365398ecc")
        #expect(trace.spans.map(\.name) == ["requester", "HTTP GET /ready", "Consumed"])
        #expect(trace.spans.map(\.kind) == [.server, .client, .consumer])
        #expect(trace.spans[2].traceID.hex == "ab4a390ad2fe3b8534404c9f7223a390")
        #expect(trace.spans[1].parentSpanID?.hex == "d606579e57787587")
        #expect(trace.spans[1].attributes["peer.service"] == .string("external-payments-platform"))
        #expect(trace.spans.map(\.service) == ["mythical-server", "mythical-requester", "internal-consumer"])
    }

    @Test func tritonSpansInCollectorOTLPJSON() throws {
        let trace = try TraceDecoder.decode(try ReferencePayloads.data("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"))
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
        let bodies = try ReferencePayloads.files(in: "envoy/otlp_bodies/\(variant)", suffix: ".bin")
        #expect(bodies.count == exports.count)
        for (export, body) in zip(exports, bodies) {
            let fromJSON = try TraceDecoder.decodeJSON(export)
            let protobuf = try ReferencePayloads.data(body)
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
        let trace = try TraceDecoder.decodeProtobuf(try ReferencePayloads.data("envoy/otlp_bodies/grpc/0002.bin"))
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
        let trace = try TraceDecoder.decodeProtobuf(try ReferencePayloads.data("envoy/otlp_bodies/default/0001.bin"))
        #expect(trace.spans.map(\.name) == ["ingress", "ingress", "ingress"])
        #expect(trace.spans.allSatisfy { $0.parentSpanID == nil && $0.kind == .server })
        #expect(trace.spans.map(\.spanID.hex) == ["e3c485f6ca6b5aa6", "9ef1fd14236ff700", "6afdfda5076850db"])
        #expect(trace.spans[0].service == "unknown_service:envoy")
    }

    /// `variants.<variant>.exports[*]`, each re-serialised as its own OTLP JSON document.
    static func envoyExports(_ variant: String) throws -> [Data] {
        let root = try JSONSerialization.jsonObject(with: try ReferencePayloads.data("envoy/envoy-1.40_real_spans.json"))
        let variants = try #require((root as? [String: Any])?["variants"] as? [String: Any])
        let exports = try #require((variants[variant] as? [String: Any])?["exports"] as? [Any])
        return try exports.map { try JSONSerialization.data(withJSONObject: $0) }
    }
}
