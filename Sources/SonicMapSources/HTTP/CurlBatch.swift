import Foundation

/// The results of one `perform` call, filled in by the multi loop as transfers finish;
/// the calling thread waits until every slot has one.
final class CurlBatch: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Result<HTTPResponse, HTTPError>?]
    private var remaining: Int

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        remaining = count
    }

    func complete(_ index: Int, _ result: Result<HTTPResponse, HTTPError>) {
        condition.lock()
        if results[index] == nil {
            results[index] = result
            remaining -= 1
            if remaining == 0 { condition.broadcast() }
        }
        condition.unlock()
    }

    /// Blocks until every request has a result.
    func wait() -> [Result<HTTPResponse, HTTPError>] {
        condition.lock()
        while remaining > 0 { condition.wait() }
        let out = results.map { $0! }
        condition.unlock()
        return out
    }
}
