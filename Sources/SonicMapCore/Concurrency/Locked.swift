import Foundation

/// A value only reached under its own lock: the one way sonicmap shares mutable state
/// between threads (the poller's, libcurl's loop, the export queue and the UI's).
///
/// The shape of swift-nio's `NIOLockedValueBox`: every read and change goes through
/// `withLockedValue`, so no field can be touched without the lock and no `unlock` can be
/// forgotten. A thread may also sleep until the value is ready (`waitForValue`); every
/// change wakes it to look again. (`Synchronization.Mutex` would do, but needs macOS 15.)
public final class Locked<Value> {
    private let condition = NSCondition()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value under the lock, and wakes the threads in `waitForValue`
    /// so they look at it again.
    public func withLockedValue<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Blocks until `ready` holds or `deadline` (from the value; nil: none) has passed,
    /// then runs `body` under the same lock, so nothing changes between the two.
    public func waitForValue<T>(
        until ready: (Value) -> Bool, deadline: (Value) -> Date? = { _ in nil }, then body: (inout Value) -> T
    ) -> T {
        condition.lock()
        defer { condition.unlock() }
        while !ready(value) {
            if let end = deadline(value) {
                if !condition.wait(until: end) { break }
            } else {
                condition.wait()
            }
        }
        return body(&value)
    }
}

/// Only the lock reaches the value, so a `Locked` of a sendable value may cross threads.
extension Locked: @unchecked Sendable where Value: Sendable {}
