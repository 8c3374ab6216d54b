import SonicMapCore

/// What the poller thread hands to the UI thread through its mailbox.
public enum PollerMessage: Sendable {
    /// A map refresh finished.
    case refreshed(PollOutcome)
    /// A trace search asked with `Poller.search` finished.
    case tracesFound(TraceSearchOutcome)
    /// A trace asked with `Poller.fetchTrace` arrived, or could not be fetched.
    case traceFetched(TraceFetchOutcome)
    /// A baseline asked with `Poller.fetchBaseline` arrived, or could not be had.
    case baselineFetched(BaselineOutcome)
    /// The curve asked with `Poller.fetchTraffic` arrived, or could not be had.
    case trafficFetched(TrafficOutcome)
}
