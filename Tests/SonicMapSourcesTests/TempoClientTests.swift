import Foundation
import Testing
@testable import SonicMapCore
@testable import SonicMapSources
import SonicMapTestSupport

/// `TempoClient` against the project's Tempo stand-in (`Tests/stack/tempo_standin.py`),
/// which answers in Tempo's exact encodings, and against the fault server for what the
/// stand-in does not do (Tempo before 2.5, PARTIAL, 422).
@Suite struct TempoClientTests {
    let http = HTTPClient()
    /// Two traces in one OTLP/JSON payload (see `Tests/Fixtures/README.md`).
    static func tracesFile() throws -> URL { try Fixtures.url("tempo/input/servicegraph-virtual-nodes.otlp.json") }

    /// The trace in the preloaded file, decoded by Core, to compare against.
    static func expected() throws -> Trace {
        try TraceDecoder.decodeJSON(Data(contentsOf: tracesFile()))
    }

    func standin(_ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess.tempoStandin(["--cutoff-seconds", "0", "--load-otlp-json", Self.tracesFile().path] + extra)
    }

    /// Search, then fetch by id (v2, protobuf): the same spans as the file.
    @Test func searchAndFetchFromTheStandin() throws {
        let server = try standin()
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        let expected = try Self.expected()
        let start = Double(expected.startUnixNano) / 1e9
        let found = try tempo.search(q: "{}", limit: 20, spss: 3, start: start - 3600, end: start + 3600)
        let hit = try #require(found.first { $0.traceID == expected.traceID })
        #expect(hit.traceID.hex.count == 32)
        #expect(hit.startUnixNano == expected.startUnixNano)
        #expect(!hit.rootServiceName.isEmpty)

        let trace = try tempo.trace(id: expected.traceID)
        #expect(trace.traceID == expected.traceID)
        // The file mixes traces; the stand-in returns this one's spans.
        #expect(Set(trace.spans.map(\.spanID)) == Set(expected.spans.filter { $0.traceID == expected.traceID }.map(\.spanID)))
        #expect(!trace.partial)
        #expect(!tempo.usesV1Only)
    }

    /// v2's 200 with an empty trace means not found.
    @Test func unknownTraceIsNotFound() throws {
        let server = try standin()
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        let id = TraceID(high: 1, low: 2)
        #expect(throws: TempoError.notFound(id)) { try tempo.trace(id: id) }
    }

    /// Bad TraceQL: Tempo's own message, with what was asked.
    @Test func badTraceQLShowsTheServerMessage() throws {
        let server = try standin()
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        do {
            _ = try tempo.search(q: "{ name = }")
            Issue.record("expected a 400")
        } catch {
            guard case .badRequest(let asked, let message) = error else { Issue.record("got \(error)"); return }
            #expect(asked == "the search { name = }")
            #expect(message.hasPrefix("invalid TraceQL query: parse error"))
            #expect(error.description.hasPrefix("Tempo rejected the search { name = }: invalid TraceQL query"))
        }
    }

    /// A multi-tenant Tempo without a tenant says how to set it; with one it answers.
    @Test func multiTenantTempoNeedsTheTenant() throws {
        let server = try standin(["--tenant-required"])
        let anonymous = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        do {
            _ = try anonymous.search()
            Issue.record("expected 401")
        } catch {
            #expect(error == .tenantRequired(url: server.baseURL + "/api/search"))
            #expect(error.description.contains("set the tenant with --tenant or SONICMAP_TENANT"))
        }
        let tenant = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL, tenant: "cms"), http: http)
        #expect(try !tenant.search(q: "{}", start: 0, end: 4_000_000_000).isEmpty)
    }

    /// Build info, ready and echo.
    @Test func metadataEndpoints() throws {
        let server = try standin()
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL), http: http)
        #expect(try tempo.buildInfo() == TempoBuildInfo(version: "2.6.0", revision: "tempo-standin"))
        #expect(try tempo.ready().ready)
        #expect(try tempo.echo())
    }

    /// Tempo before 2.5: v2 answers 404, so v1 is used, and remembered.
    @Test func oldTempoFallsBackToV1() throws {
        // What a real Tempo's v1 endpoint answered (`tempo/recorded/`).
        let file = try Fixtures.url("tempo/recorded/trace_v1_v1-batches.json")
        let expected = try TraceDecoder.decodeJSON(Data(contentsOf: file))
        let server = try ServerProcess.faultServer(["--v1-trace", file.path, "--v1-trace-id", expected.traceID.hex])
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL + "/old-tempo"), http: http)
        let trace = try tempo.trace(id: expected.traceID)
        #expect(trace.spans.count == expected.spans.count)
        #expect(tempo.usesV1Only)
        let before = http.finishedRequests
        let missing = TraceID(high: 0, low: 7)
        #expect(throws: TempoError.notFound(missing)) { try tempo.trace(id: missing) }
        #expect(http.finishedRequests - before == 1, "v1 directly once v2 is known missing")
        // Without the endpoint, the version is taken to be 2.1.0, as Grafana does.
        #expect(try tempo.buildInfo() == .assumedWhenMissing)
    }

    /// v1's 404 with an empty body means not found.
    @Test func emptyV1NotFound() throws {
        let server = try ServerProcess.faultServer()
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL + "/empty-404"), http: http)
        let id = TraceID(high: 0, low: 0xABC)
        #expect(throws: TempoError.notFound(id)) { try tempo.trace(id: id) }
    }

    /// A PARTIAL v2 answer comes back as a partial trace, with Tempo's message.
    @Test func partialTraceIsMarked() throws {
        let file = try Fixtures.url("tempo/recorded/trace_v2_one-span.json")
        let server = try ServerProcess.faultServer(["--v2-trace", file.path])
        let tempo = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL + "/partial"), http: http)
        let trace = try tempo.trace(id: TraceID(text: "Wx4MT5p9PiyLak8dDpx7Wg==")!)
        #expect(trace.partial)
        #expect(trace.partialReason.contains("max bytes per trace"))
        #expect(trace.spans.count == 1)
    }

    /// 422, other 401s, 500, unreachable and malformed answers each say what is wrong.
    @Test func failuresAreExplained() throws {
        let server = try ServerProcess.faultServer()
        func client(_ prefix: String) -> TempoClient {
            TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL + prefix), http: http)
        }
        let id = TraceID(high: 5, low: 6)
        #expect(throws: TempoError.traceTooLarge(id, message: "trace exceeds max size (max bytes: 5000000)")) {
            try client("/status/422").trace(id: id)
        }
        #expect(throws: TempoError.unauthorized(url: server.baseURL + "/status/401/api/search", status: 401, message: "unauthorized", credentials: nil)) {
            try client("/status/401").search()
        }
        let token = try temporarySecretFile("abc-token")
        defer { try? FileManager.default.removeItem(at: token) }
        let authed = TempoClient(endpoint: EndpointConfig(baseURL: server.baseURL + "/status/403", auth: .bearer(token: .file(token.path))), http: http)
        do {
            _ = try authed.search()
            Issue.record("expected 403")
        } catch {
            #expect(error.description.contains("refused the credentials from file:\(token.path) (HTTP 403)"))
            #expect(!error.description.contains("abc-token"))
        }
        #expect(throws: TempoError.unexpectedStatus(url: server.baseURL + "/status/500/api/search", status: 500, message: "internal error: something broke")) {
            try client("/status/500").search()
        }
        do {
            _ = try client("/malformed").search()
            Issue.record("expected invalidResponse")
        } catch {
            guard case .invalidResponse = error else { Issue.record("got \(error)"); return }
        }
        let port = try ServerProcess.freePort()
        let down = TempoClient(endpoint: EndpointConfig(baseURL: "http://127.0.0.1:\(port)"), http: http)
        #expect(throws: TempoError.self) { try down.echo() }
    }
}
