import SonicMapCore

/// What the labels on the map's edges show (`m` cycles, like Kiali's edge labels): the
/// figures, or while comparing (`:compare`) their changes since the baseline.
public enum EdgeLabelMode: String, CaseIterable, Sendable {
    case rate, errors, p50, p95, p99, gap
    case deltaRate = "Δrate", deltaErrors = "Δerrors", deltaP95 = "Δp95"

    /// A change since the baseline rather than a figure.
    public var isDelta: Bool { [.deltaRate, .deltaErrors, .deltaP95].contains(self) }

    /// The next mode `m` gives: among the changes while comparing, among the figures otherwise.
    public func next(comparing: Bool) -> EdgeLabelMode {
        let cycle = EdgeLabelMode.allCases.filter { $0.isDelta == comparing }
        return cycle[((cycle.firstIndex(of: self) ?? -1) + 1) % cycle.count]
    }

    /// The label for the edges of one branch (several when a bus merges them); a change
    /// mode needs the comparison.
    public func label(_ edges: [MapEdge], comparison: Comparison? = nil) -> String? {
        guard !edges.isEmpty else { return nil }
        if isDelta { return comparison.flatMap { deltaLabel(edges, $0) } }
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
        case .deltaRate, .deltaErrors, .deltaP95:
            return nil
        }
    }

    /// `+3.2/s`, `-1.5pt`, `+120ms`; `new` or `gone` for a branch only one map has; for a
    /// merged branch the rates add and the largest p95 change is labelled `max`.
    private func deltaLabel(_ edges: [MapEdge], _ c: Comparison) -> String? {
        let keys = edges.map(\.key)
        if keys.allSatisfy(c.appearedEdges.contains) { return "new" }
        if keys.allSatisfy(c.vanishedEdges.contains) { return "gone" }
        let changes = keys.compactMap { c.edges[$0] }
        guard !changes.isEmpty else { return nil }
        func signed(_ v: Double, _ text: (Double) -> String) -> String { (v < 0 ? "-" : "+") + text(abs(v)) }
        switch self {
        case .deltaRate:
            let deltas = changes.compactMap(\.rate.delta)
            return deltas.isEmpty ? nil : signed(deltas.reduce(0, +), Formatting.rate)
        case .deltaErrors:
            // Failed rates add across the branch: its error ratio before and after.
            func ratio(_ pick: (FigureChange) -> Double?) -> Double? {
                let rate = changes.compactMap { pick($0.rate) }.reduce(0, +)
                let failed = changes.compactMap { f in pick(f.rate).flatMap { r in pick(f.errorRatio).map { r * $0 } } }.reduce(0, +)
                return rate > 0 ? failed / rate : nil
            }
            let text = FigureChange.pointsText(FigureChange(before: ratio(\.before), after: ratio(\.after)))
            return text.isEmpty ? "±0pt" : text
        case .deltaP95:
            let known = changes.filter { $0.p95Ms.beforeBound == nil && $0.p95Ms.afterBound == nil }.compactMap(\.p95Ms.delta)
            guard let worst = known.max(by: { abs($0) < abs($1) }) else { return nil }
            return (changes.count > 1 ? "max " : "") + signed(worst) { Formatting.duration(ms: $0) }
        default:
            return nil
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
