import Foundation

/// The results of one `perform` call, filled in by the multi loop as transfers finish;
/// the calling thread waits until every slot has one.
///
/// The batch also holds one memory budget for all its bodies together: twenty parallel
/// queries each allowed 256 MiB could otherwise hold 5 GB. When the bodies received so
/// far pass it, the transfer that passed it and every one still running fail with
/// `HTTPError.overBudget`.
final class CurlBatch: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Result<HTTPResponse, HTTPError>?]
    private var remaining: Int
    /// Body bytes the whole batch may still receive; loop thread only.
    private var budgetLeft: Int
    /// The budget it started with, for messages.
    let budget: Int
    /// True once a transfer asked for more than was left; loop thread only.
    private(set) var budgetSpent = false

    init(count: Int, budget: Int) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.budget = max(0, budget)
        budgetLeft = max(0, budget)
    }

    /// Takes `bytes` from the budget; false (and the budget spent) when they do not fit.
    /// Loop thread only: libcurl's callbacks run there.
    func charge(_ bytes: Int) -> Bool {
        guard !budgetSpent, bytes <= budgetLeft else {
            budgetSpent = true
            return false
        }
        budgetLeft -= bytes
        return true
    }

    /// Whether `bytes` more would still fit, without taking them (an announced length).
    func fits(_ bytes: Int) -> Bool { !budgetSpent && bytes <= budgetLeft }

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
