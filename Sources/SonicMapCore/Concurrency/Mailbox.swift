/// Messages one thread posts and another collects, oldest first: how the poller and the
/// export queue hand their results to the UI thread, which drains them when woken.
public final class Mailbox<Message: Sendable>: Sendable {
    private let messages = Locked<[Message]>([])

    public init() {}

    /// Adds `message` after the others.
    public func post(_ message: Message) {
        messages.withLockedValue { $0.append(message) }
    }

    /// Everything posted since the last call, oldest first.
    public func drain() -> [Message] {
        messages.withLockedValue { all in
            defer { all.removeAll() }
            return all
        }
    }
}
