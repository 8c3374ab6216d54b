import Testing
@testable import SonicMapCore

/// The TraceQL subset the demo and snapshots evaluate: what it selects and how it refuses
/// what it does not understand.
@Suite struct TraceQLQueryTests {
    /// Envoy `ingress` (CLIENT) → Triton `InferRequest` → model → compute, plus an orphan trace.
    static func trace(envoy: String = "envoy-a", triton: String = "triton-b658d", inferMs: UInt64 = 40, failed: Bool = false) -> Trace {
        let id = TraceID(high: 1, low: inferMs)
        let ms: UInt64 = 1_000_000
        return Trace(traceID: id, spans: [
            Span(traceID: id, spanID: SpanID(1), parentSpanID: nil, name: "ingress", kind: .client, startUnixNano: 0, endUnixNano: (inferMs + 5) * ms,
                 status: failed ? .error : .unset, attributes: [Attribute("grpc.status_code", .string(failed ? "14" : "0"))], service: envoy, resource: 0),
            Span(traceID: id, spanID: SpanID(2), parentSpanID: SpanID(1), name: "InferRequest", kind: .server, startUnixNano: 1 * ms,
                 endUnixNano: (inferMs + 4) * ms, service: triton, resource: 1),
            Span(traceID: id, spanID: SpanID(3), parentSpanID: SpanID(2), name: "deeptau", kind: .server, startUnixNano: 2 * ms,
                 endUnixNano: (inferMs + 3) * ms, attributes: [Attribute("triton.model_version", .int(2))], service: triton, resource: 1),
        ], resources: [
            Resource(attributes: [Attribute("service.name", .string(envoy))]),
            Resource(attributes: [Attribute("service.name", .string(triton)), Attribute("k8s.namespace", .string("cms"))]),
        ])
    }

    func spans(_ q: String, _ t: Trace = trace()) throws -> [String] {
        let m = try TraceQLQuery(parsing: q).matcher()
        return m.spans(in: t).map { t.spans[$0].name }
    }

    @Test func spansetComparisons() throws {
        #expect(try spans(#"{ name = "InferRequest" }"#) == ["InferRequest"])
        #expect(try spans(#"{ resource.service.name = "triton-b658d" && duration > 41ms }"#) == ["InferRequest"])
        #expect(try spans(#"{ resource.service.name =~ "triton-.*" }"#) == ["InferRequest", "deeptau"])
        #expect(try spans(#"{ resource.service.name =~ "triton" }"#) == [], "regular expressions are anchored")
        #expect(try spans(#"{ kind = client || span.triton.model_version >= 2 }"#) == ["ingress", "deeptau"])
        #expect(try spans(#"{ .k8s.namespace = "cms" && name != "InferRequest" }"#) == ["deeptau"])
        #expect(try spans(#"{ status = error }"#, Self.trace(failed: true)) == ["ingress"])
        #expect(try spans(#"{ span.grpc.status_code = "14" }"#) == [])
        #expect(try spans(#"{ rootServiceName = "envoy-a" && traceDuration >= 45ms && name = "deeptau" }"#) == ["deeptau"])
        #expect(try spans("{}").count == 3)
        #expect(try spans("").count == 3)
        #expect(try spans(#"{ span.missing != "x" }"#) == [], "a missing attribute matches nothing, not even !=")
    }

    @Test func structuralOperatorsAndSpansetLogic() throws {
        let edge = #"{ resource.service.name = "envoy-a" } >> { resource.service.name = "triton-b658d" && name = "InferRequest" }"#
        #expect(try spans(edge) == ["InferRequest"])
        #expect(try spans(edge, Self.trace(envoy: "envoy-b")) == [])
        #expect(try spans(#"{ name = "ingress" } > { kind = server }"#) == ["InferRequest"])
        #expect(try spans(#"{ name = "ingress" } >> { kind = server }"#) == ["InferRequest", "deeptau"])
        #expect(try spans(#"{ name = "ingress" } && { name = "nope" }"#) == [])
        #expect(try spans(#"({ name = "ingress" } || { name = "nope" }) && { name = "deeptau" }"#) == ["ingress", "deeptau"])
    }

    @Test func errorsSayWhereAndWhat() {
        func problem(_ q: String) -> String {
            do { _ = try TraceQLQuery(parsing: q); return "" } catch { return error.description }
        }
        #expect(problem(#"{ name = "x" "#) == "parse error at col 14: expected }, got the end of the query")
        #expect(problem(#"{ name = }"#).contains("expected a value"))
        #expect(problem(#"{ foo = 1 }"#).contains("unknown attribute foo"))
        #expect(problem(#"{ duration > 10 }"#).contains("needs a duration like 10ms"))
        #expect(problem(#"{ name =~ "(" }"#).contains("invalid regular expression"))
        #expect(problem(#"{ } | count() > 1"#).contains("pipelines"))
        #expect(problem(#"{ } ~ { }"#).contains(">>, > and !>"))
        #expect(problem(#"{ name = "a }"#).contains("unterminated string"))
        #expect(problem("{ status = broken }").contains("error, ok or unset"))
    }
}
