/// Adds up counters and histograms of several edges before any ratio or quantile is
/// taken, so merged stats are exact (never an average of averages).
struct TrafficAccumulator: Sendable {
    var rate = 0.0
    var failedRate = 0.0
    var serverSum: Double? = nil
    var serverBuckets: Histogram? = nil
    var clientSum: Double? = nil
    var clientBuckets: Histogram? = nil
    /// Native only while every edge added was; one classic edge makes the sum classic,
    /// whose wide buckets then bound what the merged quantile can say.
    var source: LatencySource? = nil
    /// Where the first edge's latency came from (they all come from one source per map).
    var origin: RateSource = .serviceGraph

    mutating func add(_ e: EdgeSample, origin: RateSource = .serviceGraph) {
        if source == nil { self.origin = origin }
        rate += e.requestRate
        failedRate += e.failedRate
        serverSum = sum(serverSum, e.serverSecondsSumRate)
        serverBuckets = sum(serverBuckets, e.serverBuckets)
        clientSum = sum(clientSum, e.clientSecondsSumRate)
        clientBuckets = sum(clientBuckets, e.clientBuckets)
        if e.serverBuckets != nil || e.clientBuckets != nil {
            source = source == .classic || e.latencySource == .classic ? .classic : e.latencySource
        }
    }

    /// Rate, errors and the server-side latency.
    var traffic: TrafficStats {
        TrafficStats(rate: rate, failedRate: failedRate, latency: serverLatency)
    }

    var serverLatency: LatencyStats {
        LatencyStats(histogram: serverBuckets, sumRate: serverSum, countRate: rate, source: source ?? .classic, side: .server, origin: origin)
    }

    var clientLatency: LatencyStats {
        LatencyStats(histogram: clientBuckets, sumRate: clientSum, countRate: rate, source: source ?? .classic, side: .client, origin: origin)
    }

    private func sum(_ a: Double?, _ b: Double?) -> Double? {
        switch (a, b) {
        case (nil, nil): nil
        default: (a ?? 0) + (b ?? 0)
        }
    }

    private func sum(_ a: Histogram?, _ b: Histogram?) -> Histogram? {
        switch (a, b) {
        case (let a?, let b?): a + b
        default: a ?? b
        }
    }
}
