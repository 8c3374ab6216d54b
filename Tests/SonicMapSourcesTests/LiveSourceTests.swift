import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapSources

/// `LiveSource` against real servers: Debian's Prometheus, the Tempo stand-in loaded with
/// recent SuperSONIC-shaped traces, and the fault server.
@Suite struct LiveSourceTests {
    let http = HTTPClient()

    /// Writes OTLP/JSON with one trace per entry of `ages` (seconds before now): an Envoy
    /// `ingress` CLIENT span and, when `triton`, Triton's `InferRequest` SERVER child.
    /// Returns the file and the trace ids, in the order of `ages`.
    static func recentTraces(ages: [Double], triton: Bool = true) throws -> (URL, [TraceID]) {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var envoySpans: [String] = [], tritonSpans: [String] = [], ids: [TraceID] = []
        for (i, age) in ages.enumerated() {
            let id = TraceID(high: 0xABCD, low: UInt64(i + 1))
            ids.append(id)
            let start = now - UInt64(age * 1e9)
            let ingress = SpanID(UInt64(0x100 + i)).hex, infer = SpanID(UInt64(0x200 + i)).hex
            envoySpans.append(#"{"traceId":"\#(id.hex)","spanId":"\#(ingress)","name":"\#(triton ? "ingress" : "GET /health")","kind":3,"startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(start + 9_000_000)","status":{}}"#)
            tritonSpans.append(#"{"traceId":"\#(id.hex)","spanId":"\#(infer)","parentSpanId":"\#(ingress)","name":"InferRequest","kind":2,"startTimeUnixNano":"\#(start + 1_000_000)","endTimeUnixNano":"\#(start + 8_000_000)","status":{}}"#)
        }
        func resource(_ service: String, _ scope: String, _ spans: [String]) -> String {
            #"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"scopeSpans":[{"scope":{"name":"\#(scope)"},"spans":[\#(spans.joined(separator: ","))]}]}"#
        }
        var resources = [resource("supersonic-envoy-58b98b5568-9ww7h", "envoy", envoySpans)]
        if triton { resources.append(resource("supersonic-triton-74c49fcf8-rxzpm", "triton-server", tritonSpans)) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sonicmap-test-traces-\(UUID().uuidString).json")
        try #"{"resourceSpans":[\#(resources.joined(separator: ","))]}"#.write(to: file, atomically: true, encoding: .utf8)
        return (file, ids)
    }

    static func standin(ages: [Double], triton: Bool = true) throws -> (ServerProcess, [TraceID]) {
        let (file, ids) = try recentTraces(ages: ages, triton: triton)
        defer { try? FileManager.default.removeItem(at: file) }
        return (try ServerProcess.tempoStandin(["--cutoff-seconds", "0", "--load-otlp-json", file.path]), ids)
    }

    /// One refresh = 20 Prometheus queries + 1 search + K trace fetches, newest first.
    @Test(.prometheusInstalled, .tags(.prometheus)) func refreshSendsAFixedNumberOfRequests() throws {
        let prometheus = try #require(try ServerProcess.prometheus(), "the trait enables this test only where Prometheus is installed")
        defer { prometheus.stop() }
        let (tempo, ids) = try Self.standin(ages: [90, 60, 30])
        let source = try LiveSource(
            tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: EndpointConfig(baseURL: prometheus.baseURL),
            options: LiveSource.Options(traceFetchLimit: 2), http: http)
        #expect(source.requestsPerRefresh == 33)
        #expect(source.summary == "tempo+prometheus")
        let before = http.finishedRequests
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(http.finishedRequests - before == 30 + 1 + 2)
        #expect(data.sample != nil)
        #expect(data.sample?.edges.isEmpty == true)
        #expect(data.traces.map(\.traceID) == [ids[2], ids[1]], "the two newest")
        #expect(data.traces.allSatisfy { $0.spans.contains { $0.name == "InferRequest" } })
        #expect(data.warnings.isEmpty, "\(data.warnings)")
    }

    /// Tempo alone: no sample (the map comes from the traces), every found trace fetched.
    @Test func tempoOnly() throws {
        let (tempo, ids) = try Self.standin(ages: [60, 30])
        let source = try LiveSource(tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: nil, http: http)
        let before = http.finishedRequests
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(http.finishedRequests - before == 1 + 2)
        #expect(data.sample == nil)
        #expect(data.traces.map(\.traceID) == [ids[1], ids[0]])
        let map = ServiceMapBuilder.build(sample: data.sample, traces: data.traces, now: data.time, windowSeconds: 300)
        #expect(map.edges.contains { $0.key.client.contains("envoy") && $0.key.server.contains("triton") })
    }

    /// Prometheus alone: no traces; failing queries are warnings.
    @Test func prometheusOnly() throws {
        let server = try ServerProcess.faultServer()
        let source = try LiveSource(tempo: nil, prometheus: EndpointConfig(baseURL: server.baseURL + "/prom-mixed"), http: http)
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(data.traces.isEmpty)
        #expect(data.sample?.edges.count == 1)
        #expect(data.warnings.count == 1 && data.warnings[0].contains("gpuUtilization"))
    }

    /// An empty InferRequest search explains Tempo's cutoff and tries any trace next time.
    @Test func emptySearchWarnsThenSearchesAnyTrace() throws {
        let (tempo, ids) = try Self.standin(ages: [45], triton: false)
        let source = try LiveSource(tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: nil, http: http)
        let first = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(first.traces.isEmpty)
        #expect(first.warnings.count == 1)
        #expect(first.warnings.first?.contains(#"no traces for { name = "InferRequest" } in the last 5m"#) == true)
        #expect(first.warnings.first?.contains("query_end_cutoff") == true)
        #expect(first.warnings.first?.contains("trying any trace ({}) next") == true)
        let second = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(second.traces.map(\.traceID) == ids)
        #expect(second.warnings.isEmpty)
    }

    /// The warning names the window as the status line does (`1h`, not `60m`).
    @Test func emptySearchNamesTheWindowLikeTheStatusLine() throws {
        let (tempo, _) = try Self.standin(ages: [45], triton: false)
        let source = try LiveSource(tempo: EndpointConfig(baseURL: tempo.baseURL), prometheus: nil, http: http)
        let data = try source.refresh(RefreshRequest(windowSeconds: 3600))
        #expect(data.warnings.first?.contains("in the last 1h;") == true, "\(data.warnings)")
    }

    /// Tempo down, Prometheus up: the metrics stay, Tempo's failure is a warning.
    @Test func oneEndpointDownIsAWarning() throws {
        let server = try ServerProcess.faultServer()
        let port = try ServerProcess.freePort()
        let source = try LiveSource(
            tempo: EndpointConfig(baseURL: "http://127.0.0.1:\(port)"), prometheus: EndpointConfig(baseURL: server.baseURL + "/prom-mixed"), http: http)
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        #expect(data.sample?.edges.count == 1)
        #expect(data.warnings.first?.hasPrefix("Tempo (http://127.0.0.1:\(port)): cannot connect") == true)
    }

    /// Everything down: an error naming each endpoint and its cause.
    @Test func everythingDownNamesEachEndpoint() throws {
        let p1 = try ServerProcess.freePort(), p2 = try ServerProcess.freePort()
        let source = try LiveSource(
            tempo: EndpointConfig(baseURL: "http://127.0.0.1:\(p1)"), prometheus: EndpointConfig(baseURL: "http://127.0.0.1:\(p2)"), http: http)
        do {
            _ = try source.refresh(RefreshRequest(windowSeconds: 300))
            Issue.record("expected an error")
        } catch let error as LiveSourceError {
            #expect(error.failures.count == 2)
            #expect(error.description.contains("Prometheus (http://127.0.0.1:\(p2)): all 30 Prometheus queries failed; the first: cannot connect"))
            #expect(error.description.contains("Tempo (http://127.0.0.1:\(p1)): cannot connect"))
        }
    }

    /// A window change cancels the running refresh at once.
    @Test func cancelInFlightEndsTheRefresh() throws {
        let server = try ServerProcess.faultServer()
        let source = try LiveSource(tempo: nil, prometheus: EndpointConfig(baseURL: server.baseURL + "/hang"), http: http)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { source.cancelInFlight() }
        let start = Date()
        #expect(throws: HTTPError.self) { try source.refresh(RefreshRequest(windowSeconds: 300)) }
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func needsAnEndpoint() {
        #expect(throws: ConfigError.self) { try LiveSource(tempo: nil, prometheus: nil) }
    }
}
