import SonicMapCore
import SonicMapUI

/// Plays the poller's part in tests: feeds events to the state, carries out the trace
/// searches and fetches they ask for against a source, and feeds the answers back as
/// the poller thread would. With `answers` off, asked work waits in `pending` until
/// `answer()`, so a test can look at the state while the source is "working".
public struct CommandDriver {
    public var state: AppState
    public let source: MapSource
    public var answers = true
    /// Commands asked for and not answered yet, oldest first.
    public var pending: [AppCommand] = []
    /// Every command asked for.
    public private(set) var asked: [AppCommand] = []

    public init(_ state: AppState, source: MapSource) {
        self.state = state
        self.source = source
    }

    public mutating func send(_ event: AppEvent) {
        let commands = state.update(event)
        asked += commands
        pending += commands
        if answers { answer() }
    }

    public mutating func press(_ keys: Key...) {
        for k in keys { send(.key(k)) }
    }

    public mutating func type(_ text: String) {
        for c in text { send(.key(.char(c))) }
    }

    /// Answers every pending search and fetch, and the ones their answers ask for.
    public mutating func answer() {
        while !pending.isEmpty {
            let command = pending.removeFirst()
            let event: AppEvent
            switch command {
            case .searchTraces(let request, let id):
                do {
                    event = .tracesFound(TraceSearchOutcome(id: id, request: request, result: try source.searchTraces(request), error: nil))
                } catch {
                    event = .tracesFound(TraceSearchOutcome(id: id, request: request, result: nil, error: String(describing: error)))
                }
            case .fetchTrace(let traceID, let id):
                do {
                    event = .traceFetched(TraceFetchOutcome(id: id, traceID: traceID, trace: try source.fetchTrace(id: traceID), error: nil))
                } catch {
                    event = .traceFetched(TraceFetchOutcome(id: id, traceID: traceID, trace: nil, error: String(describing: error)))
                }
            default:
                continue
            }
            let more = state.update(event)
            asked += more
            pending += more
        }
    }

    /// The search commands asked for, in order.
    public var searches: [TraceSearchRequest] {
        asked.compactMap { if case .searchTraces(let r, _) = $0 { r } else { nil } }
    }
}
