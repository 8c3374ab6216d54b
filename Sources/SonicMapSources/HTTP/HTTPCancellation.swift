import Foundation
import SonicMapCore

/// Cancels in-flight requests from any thread: the transfers of every `perform` given
/// this token end at once with `HTTPError.cancelled`, and `perform` returns.
///
/// A token stays cancelled; make a new one for the next batch of work.
public final class HTTPCancellation: Sendable {
    private struct State {
        var cancelled = false
        var observers: [Int: @Sendable () -> Void] = [:]
        var nextObserver = 0
    }

    private let state = Locked(State())

    public init() {}

    /// True once `cancel` has been called.
    public var isCancelled: Bool { state.withLockedValue { $0.cancelled } }

    /// Cancels; calling it again does nothing.
    public func cancel() {
        let wakes = state.withLockedValue { s -> [@Sendable () -> Void] in
            guard !s.cancelled else { return [] }
            s.cancelled = true
            defer { s.observers.removeAll() }
            return Array(s.observers.values)
        }
        for wake in wakes { wake() }
    }

    /// Calls `wake` once on cancellation. Returns nil, without registering, when the token
    /// is already cancelled.
    func observe(_ wake: @escaping @Sendable () -> Void) -> Int? {
        state.withLockedValue { s in
            guard !s.cancelled else { return nil }
            s.nextObserver += 1
            s.observers[s.nextObserver] = wake
            return s.nextObserver
        }
    }

    func removeObserver(_ id: Int) {
        state.withLockedValue { $0.observers[id] = nil }
    }
}
