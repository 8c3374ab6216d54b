import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapSources

/// `HTTPClient` against the malicious routes of `Servers/fault_server.py`: bodies that
/// never end, headers that never finish, resets mid-body, redirects. Each ends in a
/// clear error within its limits, never a hang or unbounded memory.
@Suite struct MaliciousServerTests {
    let server: ServerProcess
    let http = HTTPClient()

    init() throws { server = try ServerProcess.faultServer() }

    func request(_ path: String, timeout: Double = 10, limit: Int = 1 << 20, query: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(
            endpoint: EndpointConfig(baseURL: server.baseURL, timeoutSeconds: timeout, connectTimeoutSeconds: 2, maxResponseBytes: limit),
            path: path, query: query)
    }

    /// A chunked body with no end stops at the cap.
    @Test func endlessChunkedBodyStopsAtTheCap() {
        let result = http.perform(request("/endless"))
        guard case .failure(.tooLarge(_, 1 << 20)) = result else { Issue.record("expected tooLarge, got \(result)"); return }
    }

    /// Headers trickled forever (slowloris) end at the request timeout.
    @Test func slowlorisEndsAtTheTimeout() {
        let result = http.perform(request("/slowloris", timeout: 1, query: [("seconds", "30")]))
        guard case .failure(.timeout(_, .request, 1)) = result else { Issue.record("expected a request timeout, got \(result)"); return }
    }

    /// A reset in the middle of an announced body is a transfer error, never a short success.
    @Test func resetMidBodyIsATransferError() {
        let result = http.perform(request("/reset"))
        guard case .failure(.transfer(let url, let reason)) = result else { Issue.record("expected a transfer error, got \(result)"); return }
        #expect(url == server.baseURL + "/reset")
        #expect(!reason.isEmpty)
    }

    /// Redirects are not followed: the 302 itself is the answer.
    @Test func redirectIsNotFollowed() throws {
        let response = try http.perform(request("/redirect")).get()
        #expect(response.status == 302)
        #expect(response.body.isEmpty)
    }

    /// The slow and the endless together in one batch: both end, each with its own error.
    @Test func faultsInOneBatchEachEnd() {
        let results = http.perform([request("/endless", timeout: 2), request("/slowloris", timeout: 2, query: [("seconds", "30")]), request("/ok")])
        guard case .failure(.tooLarge) = results[0] else { Issue.record("endless: \(results[0])"); return }
        guard case .failure(.timeout) = results[1] else { Issue.record("slowloris: \(results[1])"); return }
        #expect((try? results[2].get().status) == 200)
    }
}
