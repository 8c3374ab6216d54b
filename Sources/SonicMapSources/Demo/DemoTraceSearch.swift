import SonicMapCore

/// What Tempo and Prometheus would answer about the demo's traces: TraceQL searches (in
/// `TraceQLQuery`'s subset), traces by id, and the exemplars Tempo's metrics generator
/// would attach to the service-graph histograms.
extension DemoTraceStore {
    /// Traces that started in `from…to` (Unix ns) and match, newest first, at most `limit`,
    /// leaving out those in `excluding`.
    public func search(_ query: TraceQLQuery, fromUnixNano from: UInt64, toUnixNano to: UInt64, limit: Int, excluding: Set<TraceID> = []) -> [Trace] {
        let matcher = query.matcher()
        var found: [Trace] = []
        for t in (sampled + orphans).sorted(by: { ($0.startUnixNano, $0.traceID) > ($1.startUnixNano, $1.traceID) }) {
            guard found.count < limit else { break }
            let start = t.startUnixNano
            guard start >= from, start <= to, !excluding.contains(t.traceID), matcher.matches(t) else { continue }
            found.append(t)
        }
        return found
    }

    /// The trace with this id, if the store still holds it.
    public func trace(id: TraceID) -> Trace? {
        sampled.last { $0.traceID == id } ?? orphans.last { $0.traceID == id }
    }

    /// The exemplars of the server-seconds buckets of the edges in `scope` (an empty side
    /// matches any service), as
    /// `query_exemplars` would return them: the latest observation per bucket of each edge,
    /// from the sampled traces that started in `from…to`.
    public func exemplars(_ scope: ExemplarScope, fromUnixNano from: UInt64, toUnixNano to: UInt64, bounds: [Double] = Histogram.tempoDefaultBounds) -> [PrometheusExemplarSeries] {
        var latest: [EdgeKey: [Int: PrometheusExemplar]] = [:]
        let clients = Set(scope.clients), servers = Set(scope.servers)
        for t in sampled where t.startUnixNano >= from && t.startUnixNano <= to {
            var paired = PairingResult()
            ServiceGraphPairing.pair(t, into: &paired)
            for e in paired.edges where (servers.isEmpty || servers.contains(e.key.server)) && (clients.isEmpty || clients.contains(e.key.client)) {
                let bucket = bounds.firstIndex { e.serverSeconds <= $0 } ?? bounds.count
                let time = Double(t.endUnixNano) / 1e9
                if let seen = latest[e.key]?[bucket], seen.time >= time { continue }
                latest[e.key, default: [:]][bucket] = PrometheusExemplar(labels: ["traceID": e.traceID.hex], value: e.serverSeconds, time: time)
            }
        }
        return latest.keys.sorted().flatMap { key in
            latest[key]!.keys.sorted().map { bucket in
                let le = bucket < bounds.count ? "\(bounds[bucket])" : "+Inf"
                return PrometheusExemplarSeries(
                    seriesLabels: ["__name__": "traces_service_graph_request_server_seconds_bucket", "client": key.client, "server": key.server, "le": le],
                    exemplars: [latest[key]![bucket]!])
            }
        }
    }
}
