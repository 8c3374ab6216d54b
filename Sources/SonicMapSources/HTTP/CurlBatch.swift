import Foundation
import SonicMapCore

/// The results of one `perform` call, filled in by the multi loop as transfers finish;
/// the calling thread waits until every slot has one.
///
/// The batch also holds one memory budget for all its bodies together: twenty parallel
/// queries each allowed 256 MiB could otherwise hold 5 GB. When the bodies received so
/// far pass it, the transfer that passed it and every one still running fail with
/// `HTTPError.overBudget`.
final class CurlBatch: Sendable {
    private struct State {
        var results: [Result<HTTPResponse, HTTPError>?]
        var remaining: Int
        /// Body bytes the whole batch may still receive.
        var budgetLeft: Int
        /// True once a transfer asked for more than was left.
        var budgetSpent = false
    }

    private let state: Locked<State>
    /// The budget it started with, for messages.
    let budget: Int

    init(count: Int, budget: Int) {
        self.budget = max(0, budget)
        state = Locked(State(results: Array(repeating: nil, count: count), remaining: count, budgetLeft: max(0, budget)))
    }

    /// True once a transfer asked for more than was left.
    var budgetSpent: Bool { state.withLockedValue { $0.budgetSpent } }

    /// Takes `bytes` from the budget; false (and the budget spent) when they do not fit.
    func charge(_ bytes: Int) -> Bool {
        state.withLockedValue { s in
            guard !s.budgetSpent, bytes <= s.budgetLeft else {
                s.budgetSpent = true
                return false
            }
            s.budgetLeft -= bytes
            return true
        }
    }

    /// Whether `bytes` more would still fit, without taking them (an announced length).
    func fits(_ bytes: Int) -> Bool { state.withLockedValue { !$0.budgetSpent && bytes <= $0.budgetLeft } }

    func complete(_ index: Int, _ result: Result<HTTPResponse, HTTPError>) {
        state.withLockedValue { s in
            guard s.results[index] == nil else { return }
            s.results[index] = result
            s.remaining -= 1
        }
    }

    /// Blocks until every request has a result.
    func wait() -> [Result<HTTPResponse, HTTPError>] {
        state.waitForValue(until: { $0.remaining == 0 }) { s in s.results.map { $0! } }
    }
}
