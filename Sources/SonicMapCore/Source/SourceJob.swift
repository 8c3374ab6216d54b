/// One piece of work for a `MapSource`: what the poller thread runs, and what the tests'
/// driver and `--once` run in its place, all through `MapSource.answer(_:)`.
public enum SourceJob: Equatable, Sendable {
    /// A refresh of the map.
    case refresh(RefreshRequest)
    /// A trace search; `id` is the asker's number for it.
    case search(TraceSearchRequest, id: Int)
    /// One trace by id; `id` is the asker's number for the fetch.
    case fetch(TraceID, id: Int)
    /// The map of another time to compare with (`:compare`); `id` is the asker's number.
    case baseline(RefreshRequest, id: Int)
    /// The traffic of the last hour, for the scrub bar; `id` is the asker's number.
    case traffic(TrafficRequest, id: Int)
}

/// A source's answer to a `SourceJob`, its failure typed.
public enum SourceAnswer: Sendable {
    case refreshed(Result<RefreshData, SourceFailure>)
    case tracesFound(TraceSearchOutcome)
    case traceFetched(TraceFetchOutcome)
    case baselineFetched(BaselineOutcome)
    case trafficFetched(TrafficOutcome)
}

extension MapSource {
    /// Runs `job` on the calling thread (it may block) and answers it; whatever the source
    /// throws becomes a `SourceFailure` with the same message.
    public func answer(_ job: SourceJob) -> SourceAnswer {
        switch job {
        case .refresh(let request):
            .refreshed(Result { try refresh(request) }.mapError(SourceFailure.init))
        case .search(let request, let id):
            .tracesFound(TraceSearchOutcome(id: id, request: request, result: Result { try searchTraces(request) }.mapError(SourceFailure.init)))
        case .fetch(let traceID, let id):
            .traceFetched(TraceFetchOutcome(id: id, traceID: traceID, result: Result { try fetchTrace(id: traceID) }.mapError(SourceFailure.init)))
        case .baseline(let request, let id):
            .baselineFetched(BaselineOutcome(id: id, at: request.at ?? 0, result: Result { try refresh(request) }.mapError(SourceFailure.init)))
        case .traffic(let request, let id):
            .trafficFetched(TrafficOutcome(id: id, result: Result { try traffic(request) }.mapError(SourceFailure.init)))
        }
    }
}
