/// Adds up counters and histograms of several edges before any ratio or quantile is
/// taken, so merged stats are exact (never an average of averages).
struct TrafficAccumulator: Sendable {
    var rate = 0.0
    var failedRate = 0.0
    var serverSum: Double? = nil
    var serverBuckets: Histogram? = nil
    var clientSum: Double? = nil
    var clientBuckets: Histogram? = nil

    mutating func add(_ e: EdgeSample) {
        rate += e.requestRate
        failedRate += e.failedRate
        serverSum = sum(serverSum, e.serverSecondsSumRate)
        serverBuckets = sum(serverBuckets, e.serverBuckets)
        clientSum = sum(clientSum, e.clientSecondsSumRate)
        clientBuckets = sum(clientBuckets, e.clientBuckets)
    }

    var traffic: TrafficStats {
        TrafficStats(rate: rate, failedRate: failedRate, latency: LatencyStats(histogram: serverBuckets, sumRate: serverSum, countRate: rate))
    }

    var clientLatency: LatencyStats {
        LatencyStats(histogram: clientBuckets, sumRate: clientSum, countRate: rate)
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
