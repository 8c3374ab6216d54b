import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// Requests sent through real Envoy 1.40 to the Triton stand-in come back from the Tempo
/// stand-in, through `TempoClient`, as one trace: Envoy's `ingress` span with Triton's
/// `InferRequest` under it.
@Suite struct EnvoyTraceTests {
    static let model = "deeptau_2018v2p5"

    @Test(.envoyInstalled, .tags(.envoy))
    func requestsThroughEnvoyComeBackLinked() throws {
        let (server, stack) = try ServerProcess.envoyTritonStack()
        defer { server.stop() }
        let http = HTTPClient()
        let started = Date().timeIntervalSince1970

        let envoy = EndpointConfig(baseURL: stack.envoy, headers: [("Content-Type", "application/json")])
        let sent = 3
        for _ in 0..<sent {
            let answer = try http.perform(HTTPRequest(endpoint: envoy, path: "/v2/models/\(Self.model)/infer", method: .post)).get()
            #expect(answer.status == 200, "Envoy → Triton answered \(answer.status): \(answer.excerpt())")
        }

        // Envoy and Triton export separately (every second here): wait until the search
        // finds every request and each trace holds both sides.
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: stack.tempo, timeoutSeconds: 5), http: http)
        var traces: [Trace] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let hits = try tempo.search(q: #"{ name = "InferRequest" }"#, limit: 20, start: started - 60, end: Date().timeIntervalSince1970 + 60)
            traces = try hits.map { try tempo.trace(id: $0.traceID) }
            if traces.count == sent && traces.allSatisfy({ $0.spans.contains { $0.name == "ingress" } }) { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        try #require(traces.count == sent, "Tempo holds \(traces.count) of the \(sent) traces")

        for trace in traces {
            let ingress = try #require(trace.spans.first { $0.name == "ingress" }, "no Envoy span in \(trace.traceID.hex)")
            let infer = try #require(trace.spans.first { $0.name == "InferRequest" }, "no Triton span in \(trace.traceID.hex)")
            #expect(ingress.service == stack.envoyPod && ingress.scope == "envoy")
            #expect(ingress.parentSpanID == nil && ingress.kind == .server, "Envoy's own ingress: a SERVER root")
            #expect(infer.service == stack.tritonPod && infer.scope == "triton-server")
            #expect(infer.parentSpanID == ingress.spanID, "Triton continued Envoy's traceparent")
            #expect(RoleInference.role(of: ingress) == .envoy && RoleInference.role(of: infer) == .triton)
            #expect(!trace.partial)
            let model = try #require(trace.spans.first { $0.parentSpanID == infer.spanID })
            #expect(model.name == Self.model)
            #expect(TraceAnalysis.analyze(trace).requests.map(\.client) == [stack.envoyPod])
        }

        // The trace came as protobuf (what TempoClient asks for first), and the same
        // trace as JSON decodes to the same spans.
        let id = traces[0].traceID
        let protobuf = try http.perform(HTTPRequest(endpoint: tempo.endpoint, path: "/api/v2/traces/\(id.hex)", accept: "application/protobuf")).get()
        #expect(protobuf.contentType?.contains("protobuf") == true)
        let json = try http.perform(HTTPRequest(endpoint: tempo.endpoint, path: "/api/v2/traces/\(id.hex)")).get()
        let viaJSON = try TraceDecoder.decodeJSON(json.body)
        let viaProtobuf = try TraceDecoder.decodeProtobuf(protobuf.body, message: .traceByIDResponse)
        #expect(Set(viaJSON.spans.map(\.spanID)) == Set(viaProtobuf.spans.map(\.spanID)))
        #expect(Set(viaProtobuf.spans.map(\.spanID)) == Set(traces[0].spans.map(\.spanID)))
    }
}
