import Testing
@testable import SonicMapCore
import SonicMapTestSupport

/// Builds Envoy + Triton traces with known phase times (milliseconds from t0).
struct TraceFixture {
    static let t0: UInt64 = 1_700_000_000_000_000_000
    static let id = TraceID(hex: "0af7651916cd43dd8448eb211c12666c")!
    var spans: [Span] = []

    static func ms(_ x: Double) -> UInt64 { UInt64(Int64(t0) + Int64((x * 1_000_000).rounded())) }

    mutating func add(
        _ id: UInt64, parent: UInt64?, _ name: String, _ kind: SpanKind, service: String, scope: String,
        from a: Double, to b: Double, events: [(String, Double)] = [], attributes: [Attribute] = [], shift: Double = 0
    ) {
        spans.append(Span(
            traceID: TraceFixture.id, spanID: SpanID(id), parentSpanID: parent.map(SpanID.init), name: name, kind: kind,
            startUnixNano: TraceFixture.ms(a + shift), endUnixNano: TraceFixture.ms(b + shift),
            attributes: attributes, events: events.map { SpanEvent(name: $0.0, timeUnixNano: TraceFixture.ms($0.1 + shift)) },
            service: service, scope: scope))
    }

    /// ingress 0–10, [egress 0.5–9.5], InferRequest 1–9, model 1.5–8.5 (queue from 1.6),
    /// compute 3.6–7.8: queue 2.0, input 0.5, infer 3.5, output 0.2.
    static func plain(egress: Bool, envoy: Bool = true, tritonShift: Double = 0) -> Trace {
        var f = TraceFixture()
        var parent: UInt64? = 99
        if envoy {
            f.add(1, parent: nil, "ingress", egress ? .server : .client, service: "envoy-a", scope: "envoy", from: 0, to: 10)
            parent = 1
            if egress {
                f.add(2, parent: 1, "router triton egress", .client, service: "envoy-a", scope: "envoy", from: 0.5, to: 9.5)
                parent = 2
            }
        }
        f.add(3, parent: parent, "InferRequest", .server, service: "triton-a", scope: "triton-server", from: 1, to: 9, shift: tritonShift)
        f.add(4, parent: 3, "deeptau", .server, service: "triton-a", scope: "triton-server", from: 1.5, to: 8.5,
              events: [("REQUEST_START", 1.5), ("QUEUE_START", 1.6), ("REQUEST_END", 8.5)],
              attributes: [Attribute("triton.model_name", .string("deeptau"))], shift: tritonShift)
        f.add(5, parent: 4, "compute", .server, service: "triton-a", scope: "triton-server", from: 3.6, to: 7.8,
              events: [("COMPUTE_START", 3.6), ("COMPUTE_INPUT_END", 4.1), ("COMPUTE_OUTPUT_START", 7.6), ("COMPUTE_END", 7.8)],
              shift: tritonShift)
        return Trace(traceID: id, spans: f.spans, resources: [])
    }
}

@Suite struct TraceAnalysisTests {
    func ms(_ p: PhaseDurations, _ phase: Phase) -> Double? { p[phase].map { (Double($0) / 1e6 * 1000).rounded() / 1000 } }

    @Test func supersonicShapeHasProxyPlusNetwork() throws {
        let a = TraceAnalysis.analyze(TraceFixture.plain(egress: false))
        let r = try #require(a.requests.first)
        #expect(a.requests.count == 1)
        #expect(r.client == "envoy-a" && r.server == "triton-a" && r.model == "deeptau" && !r.orphan)
        #expect(r.networkIncludesProxy)
        #expect(r.phases[.proxy] == nil)
        #expect(ms(r.phases, .network) == 2)
        #expect(ms(r.phases, .request) == 1)
        #expect(ms(r.phases, .queue) == 2)
        #expect(ms(r.phases, .input) == 0.5)
        #expect(ms(r.phases, .infer) == 3.5)
        #expect(ms(r.phases, .output) == 0.2)
        #expect(ms(r.phases, .other) == 0.8)
        #expect(r.phases.total == r.rootDurationNanos)
        #expect(r.rootSpanID == SpanID(1))
        #expect(r.spanIDs == [SpanID(1), SpanID(3), SpanID(4), SpanID(5)])
    }

    @Test func egressSpanSplitsProxyFromNetwork() throws {
        let r = try #require(TraceAnalysis.analyze(TraceFixture.plain(egress: true)).requests.first)
        #expect(ms(r.phases, .proxy) == 1)
        #expect(ms(r.phases, .network) == 1)
        #expect(!r.networkIncludesProxy)
        #expect(r.phases.total == 10_000_000)
    }

    @Test func orphanHasNoClientProxyOrNetwork() throws {
        let r = try #require(TraceAnalysis.analyze(TraceFixture.plain(egress: false, envoy: false)).requests.first)
        #expect(r.orphan && r.client == nil)
        #expect(r.phases[.proxy] == nil && r.phases[.network] == nil)
        #expect(r.phases.total == r.rootDurationNanos && r.rootSpanID == SpanID(3))
    }

    /// Triton's clock 3 ms behind Envoy's: the InferRequest starts before its parent.
    /// Skew is reported, and phases (durations) do not change.
    @Test func clockSkewIsDetectedAndPhasesStayPositive() throws {
        let skewed = TraceAnalysis.analyze(TraceFixture.plain(egress: false, tritonShift: -3))
        let straight = TraceAnalysis.analyze(TraceFixture.plain(egress: false))
        #expect(skewed.skewDetected && !straight.skewDetected)
        #expect(skewed.skewedSpans == [SpanID(3)])
        #expect(skewed.requests.first?.phases == straight.requests.first?.phases)
    }

    @Test func childLongerThanParentYieldsWarningNotNegative() throws {
        var t = TraceFixture.plain(egress: false)
        t.spans[0].endUnixNano = TraceFixture.ms(5)  // ingress now shorter than InferRequest
        let a = TraceAnalysis.analyze(t)
        let r = try #require(a.requests.first)
        #expect(r.phases[.network] == nil)
        #expect(!a.warnings.isEmpty)
        #expect(r.phases[.queue] != nil)
    }

    @Test func missingComputeEventsLeavePhasesAbsent() throws {
        var t = TraceFixture.plain(egress: false)
        t.spans.removeLast()
        let a = TraceAnalysis.analyze(t)
        let r = try #require(a.requests.first)
        #expect(r.phases[.queue] == nil && r.phases[.infer] == nil)
        #expect(ms(r.phases, .other) == 7)
        #expect(a.warnings.contains { $0.contains("no compute events") })
    }

    /// InferRequest → ensemble → (preprocess, classifier), each with compute: the request's
    /// compute phases are the sums over the composing models, with one step per model.
    @Test func ensembleSumsComposingModels() throws {
        var f = TraceFixture()
        f.add(3, parent: nil, "InferRequest", .server, service: "triton-a", scope: "triton-server", from: 0, to: 20)
        f.add(4, parent: 3, "ensemble", .server, service: "triton-a", scope: "triton-server", from: 1, to: 19,
              events: [("REQUEST_START", 1), ("QUEUE_START", 1.1), ("REQUEST_END", 19)],
              attributes: [Attribute("triton.model_name", .string("ensemble"))])
        f.add(5, parent: 4, "preprocess", .server, service: "triton-a", scope: "triton-server", from: 2, to: 6,
              events: [("REQUEST_START", 2), ("QUEUE_START", 2), ("REQUEST_END", 6)], attributes: [Attribute("triton.model_name", .string("preprocess"))])
        f.add(6, parent: 5, "compute", .server, service: "triton-a", scope: "triton-server", from: 3, to: 6,
              events: [("COMPUTE_START", 3), ("COMPUTE_INPUT_END", 3.5), ("COMPUTE_OUTPUT_START", 5.5), ("COMPUTE_END", 6)])
        f.add(7, parent: 4, "classifier", .server, service: "triton-a", scope: "triton-server", from: 7, to: 18,
              events: [("REQUEST_START", 7), ("QUEUE_START", 7), ("REQUEST_END", 18)], attributes: [Attribute("triton.model_name", .string("classifier"))])
        f.add(8, parent: 7, "compute", .server, service: "triton-a", scope: "triton-server", from: 9, to: 18,
              events: [("COMPUTE_START", 9), ("COMPUTE_INPUT_END", 10), ("COMPUTE_OUTPUT_START", 17), ("COMPUTE_END", 18)])
        let r = try #require(TraceAnalysis.analyze(Trace(traceID: TraceFixture.id, spans: f.spans, resources: [])).requests.first)
        #expect(r.model == "ensemble" && r.client == "user" && !r.orphan)
        #expect(r.steps.map(\.model) == ["ensemble", "preprocess", "classifier"])
        #expect(ms(r.phases, .queue) == 3)  // 1 + 2
        #expect(ms(r.phases, .input) == 1.5)
        #expect(ms(r.phases, .infer) == 9)
        #expect(ms(r.phases, .output) == 1.5)
        #expect(ms(r.phases, .request) == 2)
        #expect(r.phases.total == r.rootDurationNanos)
        #expect(ms(r.steps[2].phases, .infer) == 7)
    }

    /// The JSON contract: the same trace in any span order prints the same bytes.
    @Test func traceJSONIsIndependentOfSpanOrder() {
        let t = TraceFixture.plain(egress: true)
        var reversed = t
        reversed.spans.reverse()
        let a = TraceJSON.render(t), b = TraceJSON.render(reversed)
        #expect(a == b)
        #expect(a.contains("\"traceId\": \"0af7651916cd43dd8448eb211c12666c\""))
        #expect(a.contains("\"proxy\": 1000000"))
        #expect(!a.contains("\"parentSpanId\": \"0000000000000001\",\n      \"service\": \"envoy-a\",\n      \"name\": \"ingress\""))
    }
}

/// The JSON contract across encodings, on a real payload and a generated trace.
@Suite struct TraceJSONEncodingTests {
    @Test(arguments: ["triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json", "tempo/recorded/trace_v1_jsonpb-shapes.json", "tempo/input/servicegraph-queue-database.otlp.json"])
    func sameTraceSameBytesInEveryEncoding(file: String) throws {
        let trace = try TraceDecoder.decode(Fixtures.data(file))
        let reference = TraceJSON.render(trace)
        for bytes in [TraceEncoder.tempoJSON(trace), TraceEncoder.otlpJSON(trace), TraceEncoder.protobuf(trace)] {
            #expect(TraceJSON.render(try TraceDecoder.decode(bytes)) == reference)
        }
        #expect(reference.contains("\"traceId\": \"\(trace.traceID.hex)\""))
    }

    @Test func generatedTraceSameBytesInEveryEncoding() throws {
        let trace = TraceGenerator.generate(spans: 2000, seed: 3)
        let reference = TraceJSON.render(trace)
        for bytes in [TraceEncoder.tempoJSON(trace), TraceEncoder.otlpJSON(trace), TraceEncoder.protobuf(trace)] {
            #expect(TraceJSON.render(try TraceDecoder.decode(bytes)) == reference)
        }
        #expect(!TraceAnalysis.analyze(trace).requests.isEmpty)
    }

    /// Hostile span names stay inert in text output and escaped in JSON.
    @Test func maliciousSpanTextIsInert() {
        var t = TraceFixture.plain(egress: false)
        t.spans[0].name = "evil\u{1B}[2J\u{1B}]0;pwned\u{07}\u{00}name"
        let text = TraceText.render(t)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("evilname"))
        let json = TraceJSON.render(t)
        #expect(json.contains("\\u001b[2J"))
        #expect(!json.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 })
    }
}

/// Parent ids that loop, or point at the span itself, are followed once: no hang, no crash.
@Suite struct TraceAnalysisCycleTests {
    @Test func parentCyclesEndTheWalk() {
        var f = TraceFixture()
        f.add(3, parent: 5, "InferRequest", .server, service: "triton-a", scope: "triton-server", from: 1, to: 9)
        f.add(4, parent: 3, "deeptau", .server, service: "triton-a", scope: "triton-server", from: 1.5, to: 8.5,
              events: [("REQUEST_START", 1.5)], attributes: [Attribute("triton.model_name", .string("deeptau"))])
        f.add(5, parent: 4, "compute", .server, service: "triton-a", scope: "triton-server", from: 3.6, to: 7.8)
        f.add(6, parent: 6, "self", .internal, service: "triton-a", scope: "triton-server", from: 2, to: 3)
        let a = TraceAnalysis.analyze(Trace(traceID: TraceFixture.id, spans: f.spans, resources: []))
        #expect(a.requests.count == 1)
        #expect(a.requests[0].model == "deeptau")
        #expect(Set(a.requests[0].spanIDs).count == a.requests[0].spanIDs.count)
    }
}
