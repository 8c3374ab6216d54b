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
            let job: SourceJob
            switch pending.removeFirst() {
            case .searchTraces(let request, let id): job = .search(request, id: id)
            case .fetchTrace(let traceID, let id): job = .fetch(traceID, id: id)
            case .fetchBaseline(let at, let window, let id): job = .baseline(RefreshRequest(windowSeconds: window, at: at), id: id)
            case .fetchTraffic(let request, let id): job = .traffic(request, id: id)
            default: continue
            }
            let event: AppEvent
            switch source.answer(job) {
            case .tracesFound(let outcome): event = .tracesFound(outcome)
            case .traceFetched(let outcome): event = .traceFetched(outcome)
            case .baselineFetched(let outcome): event = .baselineFetched(outcome)
            case .trafficFetched(let outcome): event = .trafficFetched(outcome)
            case .refreshed(let result): event = .refreshed(PollOutcome(result: result, finishedAt: state.now, nextAttemptIn: state.settings.refreshSeconds))
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
