import SonicMapCore

/// What the labels on the map's edges show (`m` cycles, like Kiali's edge labels).
public enum EdgeLabelMode: String, CaseIterable, Sendable {
    case rate, errors, p50, p95, p99, gap

    public var next: EdgeLabelMode {
        let all = EdgeLabelMode.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The label for the edges of one branch (several when a bus merges them).
    public func label(_ edges: [MapEdge]) -> String? {
        guard !edges.isEmpty else { return nil }
        var acc = TrafficAccumulatorView()
        for e in edges { acc.add(e) }
        switch self {
        case .rate:
            guard acc.rate > 0 else { return nil }
            return acc.estimated.map { "~" + Formatting.rate($0) } ?? Formatting.rate(acc.rate)
        case .errors: return acc.rate > 0 ? Formatting.percent(acc.failed / acc.rate) : nil
        case .p50, .p95, .p99:
            let q = self == .p50 ? 0.5 : self == .p95 ? 0.95 : 0.99
            func pick(_ l: LatencyStats) -> QuantileEstimate { self == .p50 ? l.p50 : self == .p95 ? l.p95 : l.p99 }
            if edges.count == 1 { return pick(edges[0].traffic.latency).isKnown ? Formatting.quantile(pick(edges[0].traffic.latency)) : nil }
            // A merged branch: its edges' histograms added bucket by bucket, when all have
            // one of the same kind; otherwise the worst edge's, labelled as such.
            let latencies = edges.map(\.traffic.latency)
            if let first = latencies.first, latencies.allSatisfy({ $0.histogram != nil && $0.source == first.source }) {
                let merged = latencies.dropFirst().reduce(first.histogram!) { $0 + $1.histogram! }
                let stats = LatencyStats(histogram: merged, sumRate: nil, countRate: merged.count, source: first.source)
                let v = q == 0.5 ? stats.p50 : q == 0.95 ? stats.p95 : stats.p99
                return v.isKnown ? Formatting.quantile(v) : nil
            }
            let qs = latencies.map(pick).filter(\.isKnown)
            return qs.max { $0.healthValue < $1.healthValue }.map { "max " + Formatting.quantile($0) }
        case .gap:
            // Client minus server average: time between the two spans (network, proxies, queues).
            let gaps = edges.compactMap { e -> Double? in
                guard let c = e.clientLatency.averageSeconds, let s = e.traffic.latency.averageSeconds, e.key.client != ServiceGraphPairing.userNode else { return nil }
                return c - s
            }
            return gaps.max().map { ($0 < 0 ? "-" : "+") + Formatting.duration(seconds: abs($0)) }
        }
    }
}

/// Sums of a branch's edges for its label.
struct TrafficAccumulatorView {
    var rate = 0.0
    var failed = 0.0
    var estimated: Double? = 0

    mutating func add(_ e: MapEdge) {
        rate += e.traffic.rate
        failed += e.traffic.failedRate
        if let est = e.estimatedRate, let sum = estimated { estimated = sum + est } else { estimated = nil }
    }
}
