/// Turning the live model into a snapshot and back. Numbers go to milliseconds, as the
/// contract writes them; bucket rates and pod metrics are kept whole so that a replay
/// recomputes the same quantiles.
extension Snapshot {
    /// The snapshot of a map, its history and where its boxes were drawn.
    public init(map: ServiceMap, history: History, layout: MapLayout, meta: SnapshotMeta, traces: [Trace] = []) {
        let (nodes, edges) = Self.figures(of: map)
        self.init(
            meta: meta, nodes: nodes, edges: edges, history: SnapshotHistory(history, stepSeconds: meta.refreshSeconds),
            layout: SnapshotLayout(width: layout.width, height: layout.height, nodes: layout.boxes), traces: traces)
    }

    /// The nodes and edges of a map as a snapshot writes them: what `SnapshotDiff` compares.
    public static func figures(of map: ServiceMap) -> (nodes: [SnapshotNode], edges: [SnapshotEdge]) {
        let nodes = map.nodes.map { n in
            SnapshotNode(
                id: n.id, label: n.label, role: n.role, group: Snapshot.group(of: n, grouping: map.grouping), members: n.members,
                incoming: SnapshotTraffic(n.incoming), outgoing: SnapshotTraffic(n.outgoing), spanMetricsRate: n.spanMetricsRate,
                triton: n.triton, envoy: n.envoy, phases: SnapshotPhases(n.phases), ownRate: n.ownRate, traceLatency: n.traceLatency?.inMilliseconds)
        }
        let edges = map.edges.map { e in
            SnapshotEdge(
                client: e.key.client, server: e.key.server, connectionType: e.connectionType, rate: e.traffic.rate,
                rateEstimated: e.estimatedRate, rateSource: e.rateSource, errorRatio: e.traffic.errorRatio,
                serverLatency: SnapshotLatency(e.traffic.latency), clientLatency: SnapshotLatency(e.clientLatency),
                phases: SnapshotPhases(e.phases), orphans: e.orphanCount, traceLatency: e.traceLatency?.inMilliseconds, orphanEvidence: e.orphanEvidence)
        }
        return (nodes, edges)
    }

    /// The group a node belongs to: its deployment in pod grouping, its role otherwise.
    static func group(of node: MapNode, grouping: Grouping) -> String {
        guard grouping == .pod, node.role != .virtual else { return node.role.rawValue }
        return PodName(node.id).deployment
    }

    /// The map the snapshot was taken of.
    public func serviceMap() -> ServiceMap {
        let nodes = self.nodes.map { n in
            MapNode(
                id: n.id, label: n.label, role: n.role, members: n.members, incoming: n.incoming.stats, outgoing: n.outgoing.stats,
                triton: n.triton, envoy: n.envoy, spanMetricsRate: n.spanMetricsRate, phases: n.phases.stats, ownRate: n.ownRate,
                traceLatency: n.traceLatency?.inSeconds)
        }
        let edges = self.edges.map { e in
            MapEdge(
                key: e.key, connectionType: e.connectionType, rateSource: e.rateSource,
                traffic: TrafficStats(rate: e.rate, failedRate: (e.errorRatio ?? 0) * e.rate, latency: e.serverLatency.stats),
                clientLatency: e.clientLatency.stats, orphanCount: e.orphans, estimatedRate: e.rateEstimated, phases: e.phases.stats,
                traceLatency: e.traceLatency?.inSeconds, orphanEvidence: e.orphanEvidence)
        }
        return ServiceMap(nodes: nodes, edges: edges, grouping: meta.grouping, time: meta.dataTime, windowSeconds: meta.windowSeconds)
    }

    /// The sparkline history the snapshot holds.
    public func restoredHistory() -> History {
        func points(_ s: SnapshotHistory.Series) -> [HistoryPoint] {
            s.time.indices.map { i in
                HistoryPoint(
                    time: s.time[i], rate: s.rate[i], errorRatio: s.errorRatio[i], p95: s.p95Ms[i].map { $0 / 1000 })
            }
        }
        return History(capacity: history.capacity, nodes: history.nodes.mapValues(points), edges: history.edges.mapValues(points))
    }
}

extension SnapshotMeta {
    /// The window in seconds (5 minutes when the text cannot be read).
    public var windowSeconds: Double { Formatting.parseInterval(window) ?? 300 }
    public var refreshSeconds: Double { Formatting.parseInterval(refresh) ?? 5 }
}

extension SnapshotSampling {
    /// What the map's rates are: estimates when a rate was declared, Triton's span metrics
    /// when any pod has them, sampled span rates otherwise.
    public init(map: ServiceMap, declaredRate: Double?) {
        let complete = FigureSources.samplingIsComplete(map, declaredRate: declaredRate)
        if let declaredRate {
            self.init(mode: .declared, rate: declaredRate, complete: complete)
        } else if map.nodes.contains(where: { $0.spanMetricsRate != nil }) {
            self.init(mode: .spanmetrics, complete: complete)
        } else {
            self.init(mode: .sampled, complete: complete)
        }
    }
}

extension SnapshotTraffic {
    init(_ t: TrafficStats) {
        self.init(rate: t.rate, errorRatio: t.errorRatio, latency: SnapshotLatency(t.latency))
    }

    var stats: TrafficStats {
        TrafficStats(rate: rate, failedRate: (errorRatio ?? 0) * rate, latency: latency.stats)
    }
}

extension SnapshotLatency {
    init(_ l: LatencyStats) {
        func ms(_ q: QuantileEstimate) -> Double? { q.isKnown ? q.value * 1000 : nil }
        var bounds: [String: QuantileEstimate.Bound] = [:]
        var ranges: [String: BucketRange] = [:]
        for (name, q) in [("p50", l.p50), ("p95", l.p95), ("p99", l.p99)] where q.isKnown {
            bounds[name] = q.bound
            if l.source == .classic, let r = q.range { ranges[name] = BucketRange(lower: r.lower * 1000, upper: r.upper * 1000) }
        }
        self.init(
            p50: ms(l.p50), p95: ms(l.p95), p99: ms(l.p99), avg: l.averageSeconds.map { $0 * 1000 }, bounds: bounds, buckets: l.histogram,
            source: l.source, side: l.side, origin: l.origin, ranges: ranges)
    }

    var stats: LatencyStats {
        func q(_ name: String, _ v: Double?) -> QuantileEstimate {
            QuantileEstimate(
                value: v.map { $0 / 1000 } ?? .nan, bound: v == nil ? nil : bounds[name],
                range: v == nil ? nil : ranges[name].map { BucketRange(lower: $0.lower / 1000, upper: $0.upper / 1000) })
        }
        return LatencyStats(
            p50: q("p50", p50), p95: q("p95", p95), p99: q("p99", p99), averageSeconds: avg.map { $0 / 1000 }, histogram: buckets,
            source: source, side: side, origin: origin)
    }
}

extension SnapshotPhases {
    init(_ p: PhaseStats) {
        self.init(
            phases: p.phases.mapValues { PhaseStats.Quantiles(p50: $0.p50 * 1000, p95: $0.p95 * 1000, count: $0.count) },
            requests: p.requests, networkIncludesProxy: p.networkIncludesProxy)
    }

    var stats: PhaseStats {
        PhaseStats(
            phases: phases.mapValues { PhaseStats.Quantiles(p50: $0.p50 / 1000, p95: $0.p95 / 1000, count: $0.count) },
            requests: requests, networkIncludesProxy: networkIncludesProxy)
    }
}

extension SnapshotHistory {
    init(_ h: History, stepSeconds: Double) {
        func series(_ ring: Ring<HistoryPoint>) -> Series {
            let v = ring.values
            return Series(time: v.map(\.time), rate: v.map(\.rate), errorRatio: v.map(\.errorRatio), p95Ms: v.map { $0.p95.map { $0 * 1000 } })
        }
        self.init(stepSeconds: stepSeconds, capacity: h.capacity, nodes: h.nodes.mapValues(series), edges: h.edges.mapValues(series))
    }
}
