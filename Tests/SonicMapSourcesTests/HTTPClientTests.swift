import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapSources

/// `HTTPClient` against `Servers/fault_server.py`, a real HTTP server on loopback.
@Suite struct HTTPClientTests {
    let server: ServerProcess
    let http = HTTPClient()

    init() throws { server = try ServerProcess.faultServer() }

    func endpoint(_ base: String? = nil, timeout: Double = 10, limit: Int = EndpointConfig.defaultMaxResponseBytes, auth: AuthConfig = .none,
                  tenant: String? = nil, headers: [(String, String)] = []) -> EndpointConfig {
        EndpointConfig(baseURL: base ?? server.baseURL, tenant: tenant, auth: auth, headers: headers, timeoutSeconds: timeout,
                       connectTimeoutSeconds: 2, maxResponseBytes: limit)
    }

    func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    /// Tenant, bearer token (read from its file at request time), extra headers, Accept
    /// and gzip support reach the server; query values are percent-encoded.
    @Test func sendsHeadersAndEncodedQuery() throws {
        let token = try temporarySecretFile("s3cret-token")
        defer { try? FileManager.default.removeItem(at: token) }
        let e = endpoint(auth: .bearer(token: .file(token.path)), tenant: "cms", headers: [("X-Extra", "yes")])
        let request = HTTPRequest(endpoint: e, path: "/echo", query: [("q", #"{ name = "InferRequest" }"#), ("a&b", "1+1=2")], accept: "application/protobuf")
        let response = try http.perform(request).get()
        #expect(response.status == 200)
        let echo = try json(response)
        let headers = try #require(echo["headers"] as? [String: String])
        #expect(headers["x-scope-orgid"] == "cms")
        #expect(headers["authorization"] == "Bearer s3cret-token")
        #expect(headers["x-extra"] == "yes")
        #expect(headers["accept"] == "application/protobuf")
        #expect(headers["accept-encoding"]?.contains("gzip") == true)
        #expect(echo["query"] as? String == "q=%7B%20name%20%3D%20%22InferRequest%22%20%7D&a%26b=1%2B1%3D2")
        #expect(echo["method"] as? String == "GET")
    }

    /// Basic auth is sent as a standard `Authorization: Basic` header.
    @Test func sendsBasicAuth() throws {
        let file = try temporarySecretFile("pa55")
        defer { try? FileManager.default.removeItem(at: file) }
        let e = endpoint(auth: .basic(user: "alice", password: .file(file.path)))
        let echo = try json(http.perform(HTTPRequest(endpoint: e, path: "/echo")).get())
        #expect((echo["headers"] as? [String: String])?["authorization"] == "Basic " + Data("alice:pa55".utf8).base64EncodedString())
    }

    /// POST sends the items as a form body, not in the URL.
    @Test func postsForm() throws {
        let request = HTTPRequest(endpoint: endpoint(), path: "/echo", query: [("query", "sum(rate(x[5m]))"), ("time", "1.5")], method: .post)
        let echo = try json(http.perform(request).get())
        #expect(echo["method"] as? String == "POST")
        #expect(echo["query"] as? String == "")
        #expect(echo["body"] as? String == "query=sum%28rate%28x%5B5m%5D%29%29&time=1.5")
        #expect((echo["headers"] as? [String: String])?["content-type"] == "application/x-www-form-urlencoded")
    }

    @Test func decodesGzip() throws {
        let response = try http.perform(HTTPRequest(endpoint: endpoint(), path: "/gzip")).get()
        #expect(response.status == 200)
        #expect((try json(response)["items"] as? [Int])?.count == 2000)
    }

    @Test func readsChunkedBody() throws {
        let response = try http.perform(HTTPRequest(endpoint: endpoint(), path: "/chunked")).get()
        #expect(try json(response)["parts"] as? [String] == ["one", "two", "three"])
    }

    /// A 500 is a response, with its body, not an error: callers interpret statuses.
    @Test func serverErrorIsAResponseWithBody() throws {
        let response = try http.perform(HTTPRequest(endpoint: endpoint(), path: "/status/500")).get()
        #expect(response.status == 500)
        #expect(response.excerpt() == "internal error: something broke")
        #expect(response.contentType?.hasPrefix("text/plain") == true)
    }

    /// A 10 s hang with a 1 s timeout fails after about 1 s, saying which timeout and how long.
    @Test func hangTimesOutAfterTheRequestTimeout() throws {
        let (result, seconds) = timed { http.perform(HTTPRequest(endpoint: endpoint(timeout: 1), path: "/sleep", query: [("seconds", "10")])) }
        guard case .failure(let error) = result else { Issue.record("expected a timeout, got \(result)"); return }
        #expect(error == .timeout(url: server.baseURL + "/sleep", phase: .request, seconds: 1))
        #expect(error.description.contains("1 s request timeout"))
        #expect(seconds >= 0.9 && seconds < 3, "took \(seconds) s")
    }

    /// A body that keeps trickling still ends at the request timeout.
    @Test func slowDripTimesOut() throws {
        let (result, seconds) = timed { http.perform(HTTPRequest(endpoint: endpoint(timeout: 1), path: "/drip", query: [("seconds", "5")])) }
        guard case .failure(.timeout(_, .request, 1)) = result else { Issue.record("expected a timeout, got \(result)"); return }
        #expect(seconds < 3, "took \(seconds) s")
    }

    /// A 300 MiB body against a 1 MiB cap stops at once with a message naming the limit.
    @Test func oversizedBodyStopsAtTheCap() throws {
        let (result, seconds) = timed {
            http.perform(HTTPRequest(endpoint: endpoint(limit: 1 << 20), path: "/big", query: [("bytes", String(300 << 20))]))
        }
        guard case .failure(let error) = result else { Issue.record("expected tooLarge, got \(result)"); return }
        #expect(error == .tooLarge(url: server.baseURL + "/big", limit: 1 << 20))
        #expect(error.description.contains("1 MiB limit"))
        #expect(error.description.contains("--max-response-bytes"))
        #expect(seconds < 5, "took \(seconds) s")
    }

    /// The cap counts decompressed bytes: a small gzip body inflating to 300 MiB is refused.
    @Test func capCountsDecompressedBytes() throws {
        let result = http.perform(HTTPRequest(endpoint: endpoint(limit: 1 << 20), path: "/bomb", query: [("bytes", String(300 << 20))]))
        guard case .failure(.tooLarge(_, 1 << 20)) = result else { Issue.record("expected tooLarge, got \(result)"); return }
        let small = try http.perform(HTTPRequest(endpoint: endpoint(limit: 1 << 20), path: "/bomb", query: [("bytes", "1000")])).get()
        #expect(small.body == Data(repeating: 0x20, count: 1000))
    }

    /// One memory budget for the whole batch: four bodies each under the per-response cap
    /// but over it together, so some fail with `overBudget` and what was kept fits it.
    @Test func parallelBodiesShareOneBudget() throws {
        let e = endpoint(limit: 1 << 20)
        let requests = (0..<4).map { _ in HTTPRequest(endpoint: e, path: "/big", query: [("bytes", String(400 << 10))]) }
        let results = http.perform(requests)
        let kept = results.compactMap { try? $0.get().body.count }
        let refused = results.filter { if case .failure(.overBudget(_, 1 << 20)) = $0 { true } else { false } }
        #expect(kept.reduce(0, +) <= 1 << 20, "kept \(kept)")
        #expect(kept.allSatisfy { $0 == 400 << 10 })
        #expect(refused.count == 4 - kept.count && refused.count >= 2, "\(results)")
        if case .failure(let error) = refused.first {
            #expect(error.description.contains("1 MiB memory budget") && error.description.contains("--max-response-bytes"))
        }
    }

    /// Gzip bombs in parallel, each inflating to less than the per-response cap, are
    /// stopped by the batch's budget as soon as their sum passes it.
    @Test func parallelGzipBombsStopAtTheBatchBudget() throws {
        let e = endpoint(limit: 16 << 20)
        let requests = (0..<6).map { _ in HTTPRequest(endpoint: e, path: "/bomb", query: [("bytes", String(10 << 20))]) }
        let results = http.perform(requests)
        let kept = results.compactMap { try? $0.get().body.count }
        #expect(kept.reduce(0, +) <= 16 << 20, "kept \(kept)")
        #expect(results.contains { if case .failure(.overBudget) = $0 { true } else { false } })
    }

    /// A closed port: cannot connect, with the URL and without the credentials in it.
    @Test func connectionRefusedNamesTheURLWithoutCredentials() throws {
        let port = try ServerProcess.freePort()
        let e = endpoint("http://bob:hunter2@127.0.0.1:\(port)/prefix")
        let result = http.perform(HTTPRequest(endpoint: e, path: "/api/v1/query", query: [("query", "up")]))
        guard case .failure(let error) = result, case .cannotConnect(let url, _) = error else {
            Issue.record("expected cannotConnect, got \(result)"); return
        }
        #expect(url == "http://127.0.0.1:\(port)/prefix/api/v1/query")
        #expect(!error.description.contains("hunter2"))
        #expect(error.description.contains("cannot connect to http://127.0.0.1:\(port)/prefix/api/v1/query"))
    }

    /// TLS against a plain-HTTP server fails as a TLS problem, with the --ca-file hint.
    @Test func tlsFailureIsReportedAsTLS() throws {
        let e = endpoint("https://127.0.0.1:\(server.port)")
        guard case .failure(let error) = http.perform(HTTPRequest(endpoint: e, path: "/ok")), case .tls = error else {
            Issue.record("expected a TLS failure"); return
        }
        #expect(error.description.contains("--ca-file"))
    }

    /// A secret that cannot be read fails the request before anything is sent, naming
    /// where the secret should come from.
    @Test func missingSecretFailsTheRequest() throws {
        let before = http.finishedRequests
        let e = endpoint(auth: .bearer(token: .environment("SONICMAP_TEST_TOKEN_UNSET")))
        guard case .failure(.invalidRequest(_, let reason)) = http.perform(HTTPRequest(endpoint: e, path: "/ok")) else {
            Issue.record("expected invalidRequest"); return
        }
        #expect(reason.contains("SONICMAP_TEST_TOKEN_UNSET"))
        #expect(http.finishedRequests == before)
    }

    /// Eight requests that each take 0.5 s finish together, not one after another.
    @Test func requestsRunInParallel() throws {
        let requests = (0..<8).map { _ in HTTPRequest(endpoint: endpoint(), path: "/sleep", query: [("seconds", "0.5")]) }
        let (results, seconds) = timed { http.perform(requests) }
        #expect(results.allSatisfy { (try? $0.get().status) == 200 })
        #expect(seconds < 2, "8 × 0.5 s took \(seconds) s")
    }

    /// Cancelling from another thread ends in-flight requests at once.
    @Test func cancellationEndsInFlightRequests() throws {
        let token = HTTPCancellation()
        let requests = (0..<3).map { _ in HTTPRequest(endpoint: endpoint(), path: "/sleep", query: [("seconds", "10")]) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { token.cancel() }
        let (results, seconds) = timed { http.perform(requests, cancellation: token) }
        for r in results {
            guard case .failure(let e) = r else { Issue.record("expected cancelled, got \(r)"); continue }
            #expect(e.isCancelled)
        }
        #expect(seconds < 3, "took \(seconds) s")
        // A cancelled token cancels new work at once.
        guard case .failure(let e) = http.perform(HTTPRequest(endpoint: endpoint(), path: "/ok"), cancellation: token) else {
            Issue.record("expected cancelled"); return
        }
        #expect(e.isCancelled)
    }

    /// The same client keeps working after errors; the connection is reused.
    @Test func recoversAfterErrors() throws {
        _ = http.perform(HTTPRequest(endpoint: endpoint(timeout: 0.3), path: "/sleep", query: [("seconds", "2")]))
        #expect(try http.perform(HTTPRequest(endpoint: endpoint(), path: "/ok")).get().status == 200)
    }
}

/// The pure helpers behind requests and messages.
@Suite struct HTTPEncodingTests {
    @Test func percentEncodingKeepsOnlyUnreserved() {
        #expect(PercentEncoding.component("a-b_c.d~e") == "a-b_c.d~e")
        #expect(PercentEncoding.component("a b/c?d&e=f+g") == "a%20b%2Fc%3Fd%26e%3Df%2Bg")
        #expect(PercentEncoding.component("é") == "%C3%A9")
        #expect(PercentEncoding.form([("match[]", "up"), ("match[]", "x")]) == "match%5B%5D=up&match%5B%5D=x")
    }

    @Test func byteCountsReadWell() {
        #expect(HTTPError.bytes(256 << 20) == "256 MiB")
        #expect(HTTPError.bytes(1536) == "1.5 KiB")
        #expect(HTTPError.bytes(900) == "900 bytes")
    }
}
