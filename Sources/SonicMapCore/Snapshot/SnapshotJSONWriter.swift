/// Writes a snapshot as DESIGN.md's snapshot JSON (`export --format json`). Keys come in
/// a fixed order and maps are sorted, so the same snapshot always gives the same bytes.
/// Span text is escaped by the JSON writer (control characters as `\u00XX`).
public enum SnapshotJSONWriter {
    public static func write(_ s: Snapshot) -> String {
        var w = JSONDocumentWriter()
        w.beginObject()
        w.int("schemaVersion", Int64(Snapshot.schemaVersion))
        meta(&w, s.meta)
        w.beginArray("nodes")
        for n in s.nodes { node(&w, n) }
        w.endArray()
        w.beginArray("edges")
        for e in s.edges { edge(&w, e) }
        w.endArray()
        history(&w, s.history)
        w.beginObject("layout")
        w.int("width", Int64(s.layout.width))
        w.int("height", Int64(s.layout.height))
        w.beginObject("nodes")
        for id in s.layout.nodes.keys.sorted() {
            let r = s.layout.nodes[id]!
            w.beginObject(id)
            w.int("x", Int64(r.x))
            w.int("y", Int64(r.y))
            w.int("w", Int64(r.width))
            w.int("h", Int64(r.height))
            w.endObject()
        }
        w.endObject()
        w.endObject()
        w.beginArray("traces")
        for t in s.traces { w.raw(nil, String(decoding: TraceEncoder.otlpJSON(t), as: UTF8.self)) }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    private static func meta(_ w: inout JSONDocumentWriter, _ m: SnapshotMeta) {
        w.beginObject("meta")
        w.string("sonicmapVersion", m.sonicmapVersion)
        w.string("createdAt", m.createdAt)
        w.number("dataTime", m.dataTime)
        w.string("window", m.window)
        w.string("refresh", m.refresh)
        w.beginObject("sources")
        if let t = m.sources.tempo { w.string("tempo", t) }
        if let p = m.sources.prometheus { w.string("prometheus", p) }
        if let d = m.sources.demo {
            w.beginObject("demo")
            w.uint("seed", d.seed)
            w.number("rate", d.rate)
            w.number("envoySampling", d.envoySampling)
            w.string("envoySpans", d.envoySpans)
            w.number("at", d.at)
            w.number("epoch", d.epoch)
            w.endObject()
        }
        w.endObject()
        w.beginObject("sampling")
        w.string("mode", m.sampling.mode.rawValue)
        w.number("rate", m.sampling.rate)
        w.bool("complete", m.sampling.complete)
        w.endObject()
        w.string("grouping", m.grouping.rawValue)
        w.beginArray("warnings")
        for warning in m.warnings { w.string(nil, warning) }
        w.endArray()
        w.endObject()
    }

    private static func node(_ w: inout JSONDocumentWriter, _ n: SnapshotNode) {
        w.beginObject()
        w.string("id", n.id)
        w.string("label", n.label)
        w.string("role", n.role.rawValue)
        w.string("group", n.group)
        w.beginArray("members")
        for m in n.members { w.string(nil, m) }
        w.endArray()
        traffic(&w, "incoming", n.incoming)
        traffic(&w, "outgoing", n.outgoing)
        w.number("spanMetricsRate", n.spanMetricsRate)
        if let r = n.ownRate {
            w.beginObject("ownRate")
            w.number("rate", r.rate)
            w.number("errorRatio", r.errorRatio)
            w.number("failedRate", r.failedRate)
            w.string("source", r.source.rawValue)
            if let n = r.requests { w.int("requests", Int64(n)) }
            w.endObject()
        }
        traceLatency(&w, n.traceLatency)
        if let t = n.triton { triton(&w, t) }
        if let e = n.envoy {
            w.beginObject("envoy")
            w.number("downstreamRequestsPerSecond", e.downstreamRequestsPerSecond)
            w.number("downstreamRequestMs", e.downstreamRequestMs)
            w.number("upstreamRequestsPerSecond", e.upstreamRequestsPerSecond)
            w.number("rejectedPerSecond", e.rejectedPerSecond)
            w.beginObject("responseClasses")
            for c in e.responseClasses.keys.sorted() { w.number(c + "xx", e.responseClasses[c]) }
            w.endObject()
            if let h = e.downstreamTime { buckets(&w, h) }
            w.endObject()
        }
        phases(&w, n.phases)
        w.endObject()
    }

    private static func edge(_ w: inout JSONDocumentWriter, _ e: SnapshotEdge) {
        w.beginObject()
        w.string("client", e.client)
        w.string("server", e.server)
        w.string("connectionType", e.connectionType.rawValue)
        w.number("rate", e.rate)
        w.number("rateEstimated", e.rateEstimated)
        w.string("rateSource", e.rateSource.rawValue)
        w.number("errorRatio", e.errorRatio)
        w.beginObject("serverLatencyMs")
        latency(&w, e.serverLatency, suffix: "")
        w.endObject()
        w.beginObject("clientLatencyMs")
        latency(&w, e.clientLatency, suffix: "")
        w.endObject()
        phases(&w, e.phases)
        w.int("orphans", Int64(e.orphans))
        traceLatency(&w, e.traceLatency)
        switch e.orphanEvidence {
        case .traces(let n)?:
            w.beginObject("orphanEvidence")
            w.string("kind", "traces")
            w.int("traces", Int64(n))
            w.endObject()
        case .counters(let noise)?:
            w.beginObject("orphanEvidence")
            w.string("kind", "span-metrics")
            w.number("noise", noise)
            w.endObject()
        case nil:
            break
        }
        w.endObject()
    }

    /// `traceLatencyMs {n, p50, p95, p99, side}`: exact quantiles of the fetched spans.
    private static func traceLatency(_ w: inout JSONDocumentWriter, _ t: TraceLatency?) {
        guard let t else { return }
        w.beginObject("traceLatencyMs")
        w.int("n", Int64(t.n))
        w.number("p50", t.p50)
        w.number("p95", t.p95)
        w.number("p99", t.p99)
        w.string("side", t.side.rawValue)
        w.endObject()
    }

    private static func buckets(_ w: inout JSONDocumentWriter, _ h: Histogram) {
        w.beginObject("buckets")
        w.beginArray("le")
        for b in h.bounds { w.number(nil, b) }
        w.endArray()
        w.beginArray("cumulative")
        for c in h.cumulative { w.number(nil, c) }
        w.endArray()
        w.endObject()
    }

    /// A node side: the contract's flat `p50Ms`… plus the average, bounds and buckets.
    private static func traffic(_ w: inout JSONDocumentWriter, _ k: String, _ t: SnapshotTraffic) {
        w.beginObject(k)
        w.number("rate", t.rate)
        w.number("errorRatio", t.errorRatio)
        latency(&w, t.latency, suffix: "Ms")
        w.endObject()
    }

    private static func latency(_ w: inout JSONDocumentWriter, _ l: SnapshotLatency, suffix: String) {
        w.number("p50" + suffix, l.p50)
        w.number("p95" + suffix, l.p95)
        w.number("p99" + suffix, l.p99)
        w.number("avg" + suffix, l.avg)
        w.beginObject("bounds")
        for k in l.bounds.keys.sorted() { w.string(k, l.bounds[k]!.rawValue) }
        w.endObject()
        w.string("source", l.source.rawValue)
        w.string("side", l.side.rawValue)
        w.string("from", l.origin.rawValue)
        for k in l.ranges.keys.sorted() {
            let r = l.ranges[k]!
            w.beginArray(k + "Range")
            w.number(nil, r.lower)
            w.number(nil, r.upper)
            w.endArray()
        }
        if let h = l.buckets { buckets(&w, h) }
    }

    private static func triton(_ w: inout JSONDocumentWriter, _ t: TritonPodMetrics) {
        w.beginObject("triton")
        w.number("inferencesPerSecond", t.inferencesPerSecond)
        w.number("executionsPerSecond", t.executionsPerSecond)
        w.number("queueMs", t.queueMs)
        w.number("inputMs", t.inputMs)
        w.number("inferMs", t.inferMs)
        w.number("outputMs", t.outputMs)
        w.number("gpuUtilization", t.gpuUtilization)
        w.number("gpuMemoryRatio", t.gpuMemoryRatio)
        w.number("requestsPerSecond", t.requestsPerSecond)
        w.number("failuresPerSecond", t.failuresPerSecond)
        w.beginObject("models")
        for name in t.models.keys.sorted() {
            let m = t.models[name]!
            w.beginObject(name)
            w.number("inferencesPerSecond", m.inferencesPerSecond)
            w.number("queueMs", m.queueMs)
            w.number("computeMs", m.computeMs)
            w.number("requestsPerSecond", m.requestsPerSecond)
            w.number("failuresPerSecond", m.failuresPerSecond)
            w.endObject()
        }
        w.endObject()
        w.endObject()
    }

    private static func phases(_ w: inout JSONDocumentWriter, _ p: SnapshotPhases) {
        w.beginObject("phasesMs")
        for phase in Phase.allCases {
            guard let q = p.phases[phase] else { continue }
            w.beginObject(phase.rawValue)
            w.number("p50", q.p50)
            w.number("p95", q.p95)
            w.int("count", Int64(q.count))
            w.endObject()
        }
        w.endObject()
        w.int("phaseRequests", Int64(p.requests))
        w.bool("networkIncludesProxy", p.networkIncludesProxy)
    }

    private static func history(_ w: inout JSONDocumentWriter, _ h: SnapshotHistory) {
        func series(_ k: String, _ s: SnapshotHistory.Series) {
            w.beginObject(k)
            for (name, values) in [("time", s.time.map(Optional.some)), ("rate", s.rate.map(Optional.some)), ("errorRatio", s.errorRatio), ("p95Ms", s.p95Ms)] {
                w.beginArray(name)
                for v in values { w.number(nil, v) }
                w.endArray()
            }
            w.endObject()
        }
        w.beginObject("history")
        w.number("stepSeconds", h.stepSeconds)
        w.int("capacity", Int64(h.capacity))
        w.beginObject("nodes")
        for id in h.nodes.keys.sorted() { series(id, h.nodes[id]!) }
        w.endObject()
        w.beginObject("edges")
        for key in h.edges.keys.sorted() { series(key.description, h.edges[key]!) }
        w.endObject()
        w.endObject()
    }
}
