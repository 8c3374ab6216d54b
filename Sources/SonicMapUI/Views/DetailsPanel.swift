import SonicMapCore

/// The panel beside the map: everything known about the selection.
public enum DetailsPanel {
    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let rect = s.screen.details
        let g = s.settings.glyphs
        let title: String
        let lines: [StyledLine]
        switch s.mapView.selection {
        case .node(let id)?:
            if let n = s.map.node(id) {
                title = "node"
                lines = nodeLines(n, s)
            } else {
                title = "details"
                lines = [StyledLine("\(id) is gone from this window", .muted)]
            }
        case .edge(let k)?:
            title = "edge"
            lines = s.map.edge(k).map { edgeLines($0, s) } ?? [StyledLine("\(k) is gone from this window", .muted)]
        case nil:
            title = "overview"
            lines = overviewLines(s)
        }
        canvas.fill(rect, role: .text)
        BoxWidget.draw(rect, on: &canvas, glyphs: g, role: .border, title: title)
        let inner = rect.inset(1)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            line.draw(on: &canvas, x: inner.x + 1, y: inner.y + i, width: inner.width - 1)
        }
    }

    /// A latency with what it measures and where it comes from:
    /// `server side · classic · service graph 5m`, its quantiles (a wide classic bucket as
    /// its range), the average, and the exact quantiles of the fetched spans beside them.
    static func latencyLines(_ l: LatencyStats, trace: TraceLatency? = nil, window: Double) -> [StyledLine] {
        var out: [StyledLine] = []
        if l.isKnown || l.averageSeconds != nil {
            let from = l.source == .traces ? "\(trace?.n ?? 0) fetched spans" : "\(l.origin.label) \(Formatting.interval(seconds: window))"
            out.append(StyledLine([(l.side.label, .title), (" · \(l.source.rawValue) · \(from)", .muted)]))
            out.append(quantileLine([("p50", l.p50), ("p95", l.p95), ("p99", l.p99)]))
            if let avg = l.averageSeconds {
                out.append(StyledLine([("  avg ", .muted), (Formatting.duration(seconds: avg), .text)]))
            }
        } else {
            out.append(StyledLine.field(l.side.label, "no histogram", .muted))
        }
        if let t = trace, l.source != .traces {
            out.append(StyledLine([("exact ", .title), ("\(t.side.label) · n \(t.n) fetched", .muted)]))
            out.append(quantileLine(t.estimates.map { ($0.name, $0.value) }))
        }
        return out
    }

    /// `p50 12ms p95 0.8–1.6s p99 >12.8s`, each coloured by its value.
    static func quantileLine(_ qs: [(String, QuantileEstimate)]) -> StyledLine {
        var runs: [(String, Role)] = []
        for (i, (name, q)) in qs.enumerated() {
            runs.append(((i == 0 ? "" : " ") + name + " ", .muted))
            runs.append((Formatting.quantile(q), latencyRole(q)))
        }
        return StyledLine(runs)
    }

    /// Colour of a latency on the gradient from fast to slow.
    public static func latencyRole(_ q: QuantileEstimate) -> Role {
        guard q.isKnown else { return .muted }
        switch q.healthValue {
        case ..<0.01: return .latency0
        case ..<0.05: return .latency1
        case ..<0.2: return .latency2
        case ..<1: return .latency3
        default: return .latency4
        }
    }

    static func trafficLines(_ title: String, _ t: TrafficStats, _ s: AppState, source: RateSource, trace: TraceLatency?) -> [StyledLine] {
        [
            .heading("\(title) · \(source.label)"),
            StyledLine([
                ("rate ", .muted), (Formatting.rate(t.rate), .text), (sampledWord(s, source), .muted),
                ("  errors ", .muted), (Formatting.percent(t.errorRatio), NodeStyle.health(errorRatio: t.errorRatio, thresholds: s.settings.health)),
            ]),
        ] + latencyLines(t.latency, trace: trace, window: s.map.windowSeconds)
    }

    /// ` sampled` after a rate from sampled spans, ` complete` when every request is sampled.
    static func sampledWord(_ s: AppState, _ source: RateSource) -> String {
        guard source.isSampled else { return "" }
        return FigureSources.samplingIsComplete(s.map, declaredRate: s.settings.declaredSamplingRate) ? " complete" : " sampled"
    }

    /// Where a node's own rate comes from, and over what: `span metrics · 5m`.
    static func rateSourceText(_ r: SourcedRate, window: Double) -> String {
        if r.source == .traces, let n = r.requests { return "\(r.source.label) · share of \(n) requests" }
        return "\(r.source.label) · \(Formatting.interval(seconds: window))"
    }

    static func nodeLines(_ n: MapNode, _ s: AppState) -> [StyledLine] {
        var out: [StyledLine] = [StyledLine(n.id, NodeStyle.role(for: n.role))]
        var kind = "role \(n.role.rawValue)"
        if n.members.count > 1 { kind += " · \(n.members.count) pods" }
        out.append(StyledLine(kind, .muted))
        if GroupFolds.isCollapsed(n, under: s.map.grouping) { out.append(StyledLine("collapsed group · + expands it", .muted)) }
        if let seen = n.lastSeen { out.append(goneLine(seen, s)) }
        out += comparisonLines(s, figures: s.feed.comparison?.nodes[n.id], appeared: s.feed.comparison?.appeared.contains(n.id) == true,
                               side: n.incoming.rate > 0 ? "incoming" : "outgoing")
        let own = n.displayRate
        out.append(StyledLine([
            ("rate ", .muted), (Formatting.rate(own.rate), .text), (sampledWord(s, own.source), .muted),
            ("  errors ", .muted),
            (own.failedRate == nil ? "not counted" : Formatting.percent(own.errorRatio),
             own.failedRate == nil ? .muted : NodeStyle.health(errorRatio: own.errorRatio, thresholds: s.settings.health)),
        ]))
        out.append(StyledLine("  from " + rateSourceText(own, window: s.map.windowSeconds), .muted))
        // A side's rate and errors are its edges' (their source); its latency says its own.
        let primaryIsIncoming = n.incoming.rate > 0
        func source(incoming: Bool) -> RateSource {
            s.map.edges.first { incoming ? $0.key.server == n.id : $0.key.client == n.id }?.rateSource ?? .serviceGraph
        }
        if n.incoming.rate > 0 {
            out += trafficLines("incoming", n.incoming, s, source: source(incoming: true), trace: primaryIsIncoming ? n.traceLatency : nil)
        }
        if n.outgoing.rate > 0 {
            out += trafficLines("outgoing", n.outgoing, s, source: source(incoming: false), trace: primaryIsIncoming ? nil : n.traceLatency)
        }
        if let t = n.triton {
            out.append(.heading("triton metrics"))
            out.append(StyledLine([
                ("inferences ", .muted), (Formatting.rate(t.inferencesPerSecond), .text),
                ("  GPU ", .muted), (Formatting.percent(t.gpuUtilization), .text),
            ]))
            out.append(StyledLine([
                ("queue ", .muted), (t.queueMs.map(Formatting.duration(ms:)) ?? "–", .phaseQueue),
                ("  compute ", .muted), (t.computeMs.map(Formatting.duration(ms:)) ?? "–", .phaseInfer),
            ]))
            for name in t.models.keys.sorted() {
                let m = t.models[name]!
                out.append(StyledLine([
                    ("  " + name + " ", .nodeModel), (Formatting.rate(m.requestsPerSecond ?? m.inferencesPerSecond), .text),
                    (" q ", .muted), (m.queueMs.map(Formatting.duration(ms:)) ?? "–", .phaseQueue),
                    (" c ", .muted), (m.computeMs.map(Formatting.duration(ms:)) ?? "–", .phaseInfer),
                ]))
            }
        }
        if let e = n.envoy {
            out.append(.heading("envoy metrics"))
            out.append(StyledLine([
                ("downstream ", .muted), (Formatting.rate(e.downstreamRequestsPerSecond), .text),
                ("  avg ", .muted), (e.downstreamRequestMs.map(Formatting.duration(ms:)) ?? "–", .text),
            ]))
            if let rejected = e.rejectedPerSecond {
                let role: Role = rejected > 0 ? .warning : .text
                out.append(StyledLine([
                    ("rejected ", .muted), (Formatting.rate(rejected), role),
                    (e.rejectedIsExact ? " never reached Triton" : " 4xx+5xx answers", .muted),
                ]))
                let classes = e.responseClasses.keys.sorted().filter { $0 != "2" }.map { "\($0)xx \(Formatting.rate(e.responseClasses[$0]!))" }
                if !classes.isEmpty { out.append(StyledLine("  " + classes.joined(separator: " "), .muted)) }
            }
            let upstream = s.map.edges.reduce(0) { $0 + ($1.key.client == n.id ? 1 : 0) }
            if upstream > 0 { out.append(StyledLine.field("upstream", "\(upstream) pods")) }
        }
        out += sparklines(s.feed.history.nodes[n.id]?.values ?? [], s)
        out += phaseLines(n.phases, s, metrics: n.triton)
        if let o = s.map.edge(EdgeKey(client: OrphanNode.name, server: n.id)), o.isOrphanEdge {
            out.append(StyledLine([("orphans ", .muted), (Formatting.rate(o.traffic.rate), .edgeOrphan), (" caller not sampled", .muted)]))
            if let ev = o.orphanEvidence { out.append(StyledLine("  " + evidenceText(ev), .muted)) }
        }
        return out
    }

    /// What an orphan edge rests on, in words.
    static func evidenceText(_ e: OrphanEvidence) -> String {
        switch e {
        case .traces(let n): "seen: \(n) orphan trace\(n == 1 ? "" : "s") in Tempo"
        case .counters(let noise): "span metrics − service graph, > noise \(Formatting.rate(noise))"
        }
    }

    static func edgeLines(_ e: MapEdge, _ s: AppState) -> [StyledLine] {
        var out: [StyledLine] = [
            StyledLine([(e.key.client, .text), (" → ", .muted), (e.key.server, .text)]),
        ]
        var kind = e.connectionType == .plain ? "plain" : e.connectionType.rawValue
        kind += " · from \(e.rateSource.label)"
        out.append(StyledLine(kind, .muted))
        if let seen = e.lastSeen { out.append(goneLine(seen, s)) }
        out += comparisonLines(s, figures: s.feed.comparison?.edges[e.key], appeared: s.feed.comparison?.appearedEdges.contains(e.key) == true,
                               side: "server side")
        let window = s.map.windowSeconds
        if e.isOrphanEdge {
            out.append(StyledLine([("rate ", .muted), (Formatting.rate(e.traffic.rate), .edgeOrphan), (" every request, not sampled", .muted)]))
            if let ev = e.orphanEvidence { out.append(StyledLine(evidenceText(ev), .muted)) }
            out.append(StyledLine("Triton traced these requests but their", .muted))
            out.append(StyledLine("Envoy parent span was never sampled.", .muted))
            return out + latencyLines(e.traffic.latency, trace: e.traceLatency, window: window) + phaseLines(e.phases, s)
        }
        if !e.rateSource.isSampled {
            out.append(StyledLine([
                ("rate ", .muted), (Formatting.rate(e.traffic.rate), .text), (" every request", .muted),
                ("  errors ", .muted), (Formatting.percent(e.traffic.errorRatio), NodeStyle.health(errorRatio: e.traffic.errorRatio, thresholds: s.settings.health)),
            ]))
            out.append(StyledLine("  from \(e.rateSource.label) · \(Formatting.interval(seconds: window))", .muted))
            return out + latencyLines(e.traffic.latency, trace: e.traceLatency, window: window) + phaseLines(e.phases, s)
        }
        out.append(StyledLine([
            ("rate ", .muted), (Formatting.rate(e.traffic.rate), .text), (sampledWord(s, e.rateSource), .muted),
            ("  errors ", .muted), (Formatting.percent(e.traffic.errorRatio), NodeStyle.health(errorRatio: e.traffic.errorRatio, thresholds: s.settings.health)),
        ]))
        out.append(StyledLine(
            "  from \(e.rateSource.label) · " + (e.rateSource == .traces ? "\(e.traceLatency?.n ?? 0) pairs" : Formatting.interval(seconds: window)), .muted))
        if let est = e.estimatedRate {
            out.append(StyledLine([("true rate ", .muted), ("~" + Formatting.rate(est), .estimate), (" (declared sampling)", .muted)]))
        }
        out += latencyLines(e.traffic.latency, trace: e.traceLatency, window: window)
        if e.key.client != ServiceGraphPairing.userNode { out += latencyLines(e.clientLatency, window: window) }
        out += sparklines(s.feed.history.edges[e.key]?.values ?? [], s)
        out += phaseLines(e.phases, s)
        if let h = e.traffic.latency.histogram, e.traffic.latency.source == .classic, let first = h.bounds.first, let last = h.bounds.last {
            out.append(StyledLine(
                "buckets \(Formatting.duration(seconds: first))…\(Formatting.duration(seconds: last)); " + "< / > mark a bound", .muted))
        }
        return out
    }

    /// Says that the selection vanished from the data and that its numbers are the last seen.
    /// While comparing: the baseline's figures beside the ones on screen, as `sonicmap diff`
    /// puts them (before → now, and the change).
    static func comparisonLines(_ s: AppState, figures: SnapshotDiff.Figures?, appeared: Bool, side: String) -> [StyledLine] {
        guard let c = s.feed.comparison, c.data != nil else { return [] }
        let when = UTCTime.clock(c.at, today: s.now)
        if appeared { return [StyledLine("new since \(when)", .statusWarn)] }
        guard let f = figures else { return [] }
        func row(_ name: String, _ change: FigureChange, _ format: @escaping (Double) -> String, _ delta: String) -> StyledLine {
            let side = { (v: Double?, bound: QuantileEstimate.Bound?) in v.map { (bound?.rawValue ?? "") + format($0) } ?? "–" }
            return StyledLine([
                (name, .muted), (side(change.before, change.beforeBound) + " → " + side(change.after, change.afterBound), .text),
                (delta.isEmpty ? "" : "  " + delta, .title),
            ])
        }
        return [
            StyledLine("vs \(when) (\(side)): before → now", .muted),
            row("  rate   ", f.rate, Formatting.rate, FigureChange.relativeText(f.rate)),
            row("  errors ", f.errorRatio, Formatting.percent, FigureChange.pointsText(f.errorRatio)),
            row("  p95    ", f.p95Ms, { Formatting.duration(ms: $0) }, FigureChange.relativeText(f.p95Ms)),
        ]
    }

    static func goneLine(_ lastSeen: Double, _ s: AppState) -> StyledLine {
        StyledLine("gone \(Formatting.age(seconds: s.map.time - lastSeen)) · last numbers seen", .warning)
    }

    static func innerWidth(_ s: AppState) -> Int { s.screen.details.width - 3 }

    /// Rate, p95 and error sparklines over the window.
    static func sparklines(_ points: [HistoryPoint], _ s: AppState) -> [StyledLine] {
        guard points.count >= 2 else { return [] }
        let w = max(4, innerWidth(s) - 8)
        let g = s.settings.glyphs
        return [
            .heading("over the window"),
            StyledLine([("rate   ", .muted), (Sparkline.line(points.map(\.rate), width: w, glyphs: g), .estimate)]),
            StyledLine([("p95    ", .muted), (Sparkline.line(points.map(\.p95), width: w, glyphs: g), .latency2)]),
            StyledLine([("errors ", .muted), (Sparkline.line(points.map(\.errorRatio), width: w, glyphs: g), .healthBad)]),
        ]
    }

    /// The stacked per-hop bar from fetched traces, with Triton's own metrics beside it.
    static func phaseLines(_ stats: PhaseStats, _ s: AppState, metrics: TritonPodMetrics? = nil) -> [StyledLine] {
        guard !stats.isEmpty else { return [] }
        var out: [StyledLine] = [.heading("per hop · \(stats.requests) traced requests")]
        out += PhaseBar.lines(stats, width: innerWidth(s), glyphs: s.settings.glyphs)
        if let m = metrics {
            func compare(_ label: String, _ phase: Phase, _ ms: Double?) -> StyledLine? {
                guard let ms, let traced = stats[phase] else { return nil }
                let diff = traced.p50 * 1000 - ms
                return StyledLine([
                    (label, .muted), (Formatting.duration(ms: ms), .text), (" metrics vs p50 ", .muted),
                    ((diff >= 0 ? "+" : "-") + Formatting.duration(ms: abs(diff)), .muted),
                ])
            }
            out += [compare("queue avg ", .queue, m.queueMs), compare("infer avg ", .infer, m.inferMs)].compactMap { $0 }
        }
        return out
    }

    static func overviewLines(_ s: AppState) -> [StyledLine] {
        // Counted in place, by index: copying 32k edges of a big map to count them cost a frame.
        let edges = s.map.edges
        var real = 0, orphan = 0.0
        for i in edges.indices {
            if !edges[i].isOrphanEdge { real += 1 } else if !edges[i].isGone { orphan += edges[i].traffic.rate }
        }
        let rate = s.map.nodes.reduce(0.0) { $0 + ($1.role == .triton && !$1.isGone ? $1.displayRate.rate : 0) }
        var out: [StyledLine] = [
            StyledLine.field("nodes", "\(s.map.nodes.count)"),
            StyledLine.field("edges", "\(real)"),
            StyledLine.field("triton rate", Formatting.rate(rate)),
        ]
        let gone = s.map.nodes.reduce(0) { $0 + ($1.isGone ? 1 : 0) }
        if gone > 0 { out.append(StyledLine.field("gone", "\(gone) fading out")) }
        if orphan > 0 { out.append(StyledLine([("orphans ", .muted), (Formatting.rate(orphan), .edgeOrphan)])) }
        out.append(StyledLine(""))
        out.append(StyledLine("Tab selects nodes and edges;", .muted))
        out.append(StyledLine("? lists every key.", .muted))
        return out
    }
}
