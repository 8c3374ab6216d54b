import Foundation
import SonicMapCore

/// HTTP over libcurl: every request of a `perform` call goes out in parallel on one
/// dedicated thread running a `curl_multi` loop, and the calling thread (the poller's,
/// never the UI's or the cooperative pool's) blocks until all have finished.
///
/// Per request: the endpoint's timeouts, TLS settings, tenant, authorization (secrets read
/// at request time, never logged), extra headers and decompressed-size cap; gzip and
/// other encodings accepted; HTTP/2 over TLS where offered; the usual proxy environment
/// variables (`http_proxy`, `https_proxy`, `no_proxy`) honoured by libcurl itself.
///
/// Safe to share between threads; each `perform` waits only for its own requests.
public final class HTTPClient: Sendable {
    private let loop: CurlMultiLoop?

    /// Starts the loop thread. It ends when the client is released.
    public init() {
        loop = CurlMultiLoop()
        loop?.start()
    }

    deinit { loop?.stop() }

    /// Sends every request at once and returns their results in the same order.
    ///
    /// All the bodies together share one budget, the largest `maxResponseBytes` among the
    /// requests (256 MiB by default): past it, the rest fail with `HTTPError.overBudget`.
    ///
    /// Cancelling `cancellation` (from any thread) ends the transfers still running with
    /// `HTTPError.cancelled`, and this call returns promptly.
    public func perform(_ requests: [HTTPRequest], cancellation: HTTPCancellation? = nil) -> [Result<HTTPResponse, HTTPError>] {
        guard !requests.isEmpty else { return [] }
        guard let loop else {
            return requests.map { .failure(.invalidRequest(url: $0.displayURL, reason: "libcurl could not be initialised")) }
        }
        let batch = CurlBatch(count: requests.count, budget: requests.map(\.endpoint.maxResponseBytes).max() ?? 0)
        var observer: Int?
        if let cancellation {
            observer = cancellation.observe { [loop] in loop.wake() }
            if observer == nil { return requests.map { .failure(.cancelled(url: $0.displayURL)) } }
        }
        var transfers: [CurlTransfer] = []
        for (i, request) in requests.enumerated() {
            switch CurlTransfer.make(request, index: i, batch: batch, cancellation: cancellation) {
            case .success(let t): transfers.append(t)
            case .failure(let e): batch.complete(i, .failure(e))
            }
        }
        loop.submit(transfers)
        let results = batch.wait()
        if let observer { cancellation?.removeObserver(observer) }
        return results
    }

    /// Sends one request; see `perform(_:cancellation:)`.
    public func perform(_ request: HTTPRequest, cancellation: HTTPCancellation? = nil) -> Result<HTTPResponse, HTTPError> {
        perform([request], cancellation: cancellation)[0]
    }

    /// Transfers finished since the client started, whatever their outcome: how many
    /// requests the sources actually sent (`doctor`, tests).
    public var finishedRequests: Int { loop?.finishedCount ?? 0 }
}
