import Foundation

/// Cancels in-flight requests from any thread: the transfers of every `perform` given
/// this token end at once with `HTTPError.cancelled`, and `perform` returns.
///
/// A token stays cancelled; make a new one for the next batch of work.
public final class HTTPCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var observers: [Int: @Sendable () -> Void] = [:]
    private var nextObserver = 0

    public init() {}

    /// True once `cancel` has been called.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Cancels; calling it again does nothing.
    public func cancel() {
        lock.lock()
        guard !cancelled else { return lock.unlock() }
        cancelled = true
        let wakes = Array(observers.values)
        observers.removeAll()
        lock.unlock()
        for wake in wakes { wake() }
    }

    /// Calls `wake` once on cancellation. Returns nil, without registering, when the token
    /// is already cancelled.
    func observe(_ wake: @escaping @Sendable () -> Void) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return nil }
        nextObserver += 1
        observers[nextObserver] = wake
        return nextObserver
    }

    func removeObserver(_ id: Int) {
        lock.lock()
        observers[id] = nil
        lock.unlock()
    }
}
