/// What a refresh for a time in the past (`--at T`) adds to one for now: the query that
/// finds Prometheus' first sample after T when the map at T is empty, and the notes that
/// explain an old time instead of showing an empty map without a word.
///
/// Pure: the requests are sent and answered by `LiveSource`.
public enum LookBack {
    /// Tempo's default `query_backend_after`: a search ending longer ago than this reads
    /// backend blocks rather than the ingesters' recent data, and can be slow.
    public static let tempoRecentSeconds = 15 * 60.0

    /// Evaluation points of the `firstSampleQuery` subquery, whatever the distance to T:
    /// its cost is bounded, and up to 3.4 days back its step stays within Prometheus'
    /// 5-minute lookback, so no sample falls between two points.
    public static let firstSampleSteps = 1000.0

    /// PromQL giving, evaluated at `now`, the time (Unix seconds) of the oldest service-graph
    /// sample between `at` and `now`, to about one step (`stepSeconds`); empty when there is
    /// none. `filter` is the map's own service-graph filter.
    public static func firstSampleQuery(filter: LabelSelector, at: Double, now: Double) -> String {
        let span = max(1, Int((now - at).rounded(.up)))
        let series = filter.selecting("traces_service_graph_request_total")
        return "min(min_over_time(timestamp(\(series))[\(span)s:\(stepSeconds(at: at, now: now))s]))"
    }

    /// The subquery step of `firstSampleQuery`: a thousandth of the distance, at least 1 s.
    public static func stepSeconds(at: Double, now: Double) -> Int {
        max(1, Int((max(0, now - at) / firstSampleSteps).rounded(.up)))
    }

    /// The warning for a map that is empty at `at`: when Prometheus has service-graph
    /// samples later (`firstSample`, from `firstSampleQuery`), T is before its retention or
    /// before the service graph existed; nil when it has none since either.
    public static func prometheusNote(at: Double, firstSample: Double?) -> String? {
        guard let firstSample, firstSample.isFinite, firstSample > at else { return nil }
        return "Prometheus has no service-graph series at \(UTCTime.rfc3339(at)); its oldest sample since then is at \(UTCTime.rfc3339(firstSample)) "
            + "(the time is before Prometheus' retention or before the service graph existed): try a later --at"
    }

    /// The note for a Tempo search ending at `end`, or nil when it is recent: past
    /// `tempoRecentSeconds` Tempo reads its backend blocks, which may be slow.
    public static func tempoNote(end: Double, now: Double) -> String? {
        guard now - end > tempoRecentSeconds else { return nil }
        return "the Tempo search ends at \(UTCTime.rfc3339(end)), more than \(Int(tempoRecentSeconds / 60))m ago: Tempo reads its backend blocks for it (query_backend_after), which may be slow"
    }
}
