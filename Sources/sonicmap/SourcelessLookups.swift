import SonicMapCore
import SonicMapUI

/// Answers the trace searches and fetches of a view that has no source behind it (the
/// timeline of `sonicmap trace`): each is refused at once, so `:trace` says why instead
/// of waiting forever. Used on the UI thread only.
final class SourcelessLookups {
    private var answers: [AppEvent] = []
    private let source: String

    init(source: String) { self.source = source }

    /// Queues the refusal of `command`, if it is a lookup; returns whether it was one.
    func refuse(_ command: AppCommand) -> Bool {
        switch command {
        case .searchTraces(let request, let id):
            let error = TraceLookupError.unavailable(what: "trace search", source: source)
            answers.append(.tracesFound(TraceSearchOutcome(id: id, request: request, result: nil, error: error.description)))
        case .fetchTrace(let traceID, let id):
            let error = TraceLookupError.unavailable(what: "opening another trace", source: source)
            answers.append(.traceFetched(TraceFetchOutcome(id: id, traceID: traceID, trace: nil, error: error.description)))
        default:
            return false
        }
        return true
    }

    /// The refusals queued since the last call.
    func drain() -> [AppEvent] {
        defer { answers = [] }
        return answers
    }
}
