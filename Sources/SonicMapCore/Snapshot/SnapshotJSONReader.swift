import Foundation

/// Reads a snapshot written by `SnapshotJSONWriter`, or by hand to the same contract.
/// Anything wrong gives a `SnapshotError` naming the field, never a crash.
public enum SnapshotJSONReader {
    /// Largest snapshot read, so a wrong file cannot exhaust memory.
    public static let maxBytes = 512 << 20

    public static func read(_ bytes: [UInt8]) throws(SnapshotError) -> Snapshot {
        guard bytes.count <= maxBytes else { throw .invalid("larger than \(maxBytes >> 20) MiB") }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .notJSON(SafeText.excerpt(of: Array("\(error)".utf8), maxBytes: 120))
        }
        guard let doc = root as? [String: Any], let versionValue = doc["schemaVersion"] else { throw .notSnapshot }
        guard let version = versionValue as? Int else { throw .invalid("schemaVersion is not an integer") }
        guard version <= Snapshot.schemaVersion else { throw .newerSchema(found: version) }
        guard version >= 1 else { throw .invalid("schemaVersion \(version) is not a version sonicmap ever wrote") }
        do {
            return try snapshot(doc)
        } catch let e as SnapshotError {
            throw e
        } catch let e as JSONShape.ShapeError {
            throw .invalid(e.reason)
        } catch {
            throw .invalid("\(error)")
        }
    }

    private typealias J = JSONShape

    private static func snapshot(_ doc: [String: Any]) throws -> Snapshot {
        let m = try J.object(doc["meta"], "meta")
        let meta = try self.meta(m)
        let nodes = try J.array(doc["nodes"], "nodes").enumerated().map { i, v in try node(try J.object(v, "nodes[\(i)]"), "nodes[\(i)]") }
        let edges = try J.array(doc["edges"], "edges").enumerated().map { i, v in try edge(try J.object(v, "edges[\(i)]"), "edges[\(i)]") }
        let history = try self.history(try J.object(doc["history"], "history"))
        let l = try J.object(doc["layout"], "layout")
        var boxes: [String: Rect] = [:]
        for (id, v) in try J.object(l["nodes"], "layout.nodes") {
            let r = try J.object(v, "layout.nodes.\(id)")
            boxes[id] = Rect(
                x: try int(r["x"], "layout x"), y: try int(r["y"], "layout y"), width: try int(r["w"], "layout w"), height: try int(r["h"], "layout h"))
        }
        let layout = SnapshotLayout(width: try int(l["width"], "layout.width"), height: try int(l["height"], "layout.height"), nodes: boxes)
        var traces: [Trace] = []
        for (i, t) in (try J.array(doc["traces"] ?? [Any](), "traces")).enumerated() {
            guard JSONSerialization.isValidJSONObject(t), let data = try? JSONSerialization.data(withJSONObject: t) else {
                throw SnapshotError.badTrace(index: i, reason: "not an OTLP JSON object")
            }
            do { traces.append(try TraceDecoder.decode(data)) } catch { throw SnapshotError.badTrace(index: i, reason: "\(error)") }
        }
        return Snapshot(meta: meta, nodes: nodes, edges: edges, history: history, layout: layout, traces: traces)
    }

    private static func meta(_ m: [String: Any]) throws -> SnapshotMeta {
        let s = try J.object(m["sources"], "meta.sources")
        var demo: SnapshotDemoSource?
        if let d = s["demo"] {
            let o = try J.object(d, "meta.sources.demo")
            demo = SnapshotDemoSource(
                seed: UInt64(try J.number(o["seed"], "demo seed")), rate: try J.number(o["rate"], "demo rate"),
                envoySampling: try J.number(o["envoySampling"], "demo envoySampling"), envoySpans: try J.string(o["envoySpans"], "demo envoySpans"),
                at: try J.number(o["at"], "demo at"), epoch: try J.optionalNumber(o["epoch"], "demo epoch") ?? 0)
        }
        let sampling = try J.object(m["sampling"], "meta.sampling")
        let modeText = try J.string(sampling["mode"], "meta.sampling.mode")
        guard let mode = SnapshotSampling.Mode(rawValue: modeText) else { throw J.ShapeError("meta.sampling.mode \"\(SafeText.clean(modeText))\" is not sampled, declared or spanmetrics") }
        return SnapshotMeta(
            sonicmapVersion: try J.string(m["sonicmapVersion"], "meta.sonicmapVersion"), createdAt: try J.string(m["createdAt"], "meta.createdAt"),
            dataTime: try J.optionalNumber(m["dataTime"], "meta.dataTime") ?? 0, window: try J.string(m["window"], "meta.window"),
            refresh: try J.string(m["refresh"], "meta.refresh"),
            sources: SnapshotSources(
                tempo: try optionalString(s["tempo"], "meta.sources.tempo"), prometheus: try optionalString(s["prometheus"], "meta.sources.prometheus"), demo: demo),
            sampling: SnapshotSampling(
                mode: mode, rate: try J.optionalNumber(sampling["rate"], "meta.sampling.rate"),
                complete: try J.bool(sampling["complete"] ?? false, "meta.sampling.complete")),
            grouping: try enumValue(m["grouping"], "meta.grouping"),
            warnings: try J.array(m["warnings"] ?? [Any](), "meta.warnings").map { try J.string($0, "meta.warnings[]") })
    }

    private static func node(_ o: [String: Any], _ at: String) throws -> SnapshotNode {
        var triton: TritonPodMetrics?
        if let t = o["triton"], !(t is NSNull) {
            let t = try J.object(t, at + ".triton")
            var models: [String: TritonModelMetrics] = [:]
            for (name, v) in try J.object(t["models"] ?? [String: Any](), at + ".triton.models") {
                let mo = try J.object(v, at + ".triton.models." + name)
                models[name] = TritonModelMetrics(
                    inferencesPerSecond: try J.number(mo["inferencesPerSecond"], "model inferencesPerSecond"),
                    queueMs: try J.optionalNumber(mo["queueMs"], "model queueMs"), computeMs: try J.optionalNumber(mo["computeMs"], "model computeMs"),
                    requestsPerSecond: try J.optionalNumber(mo["requestsPerSecond"], "model requestsPerSecond"),
                    failuresPerSecond: try J.optionalNumber(mo["failuresPerSecond"], "model failuresPerSecond"))
            }
            triton = TritonPodMetrics(
                inferencesPerSecond: try J.number(t["inferencesPerSecond"], at + ".triton.inferencesPerSecond"),
                executionsPerSecond: try J.number(t["executionsPerSecond"], at + ".triton.executionsPerSecond"),
                queueMs: try J.optionalNumber(t["queueMs"], "queueMs"), inputMs: try J.optionalNumber(t["inputMs"], "inputMs"),
                inferMs: try J.optionalNumber(t["inferMs"], "inferMs"), outputMs: try J.optionalNumber(t["outputMs"], "outputMs"),
                gpuUtilization: try J.optionalNumber(t["gpuUtilization"], "gpuUtilization"),
                gpuMemoryRatio: try J.optionalNumber(t["gpuMemoryRatio"], "gpuMemoryRatio"), models: models,
                requestsPerSecond: try J.optionalNumber(t["requestsPerSecond"], at + ".triton.requestsPerSecond"),
                failuresPerSecond: try J.optionalNumber(t["failuresPerSecond"], at + ".triton.failuresPerSecond"))
        }
        var envoy: EnvoyPodMetrics?
        if let e = o["envoy"], !(e is NSNull) {
            let e = try J.object(e, at + ".envoy")
            var classes: [String: Double] = [:]
            for (k, v) in try J.object(e["responseClasses"] ?? [String: Any](), at + ".envoy.responseClasses") {
                guard k.hasSuffix("xx"), k.count == 3 else { throw J.ShapeError("\(at).envoy.responseClasses has \"\(SafeText.clean(k))\", not 2xx … 5xx") }
                classes[String(k.prefix(1))] = try J.number(v, at + ".envoy.responseClasses." + k)
            }
            envoy = EnvoyPodMetrics(
                downstreamRequestsPerSecond: try J.number(e["downstreamRequestsPerSecond"], at + ".envoy.downstreamRequestsPerSecond"),
                downstreamRequestMs: try J.optionalNumber(e["downstreamRequestMs"], at + ".envoy.downstreamRequestMs"),
                downstreamTime: try buckets(e["buckets"], at + ".envoy.buckets"), responseClasses: classes,
                upstreamRequestsPerSecond: try J.optionalNumber(e["upstreamRequestsPerSecond"], at + ".envoy.upstreamRequestsPerSecond"))
        }
        let id = try J.string(o["id"], at + ".id")
        return SnapshotNode(
            id: id, label: try J.string(o["label"], at + ".label"), role: try enumValue(o["role"], at + ".role"),
            group: try J.string(o["group"], at + ".group"),
            members: try (try J.array(o["members"] ?? [id], at + ".members")).map { try J.string($0, at + ".members[]") },
            incoming: try traffic(o["incoming"], at + ".incoming"), outgoing: try traffic(o["outgoing"], at + ".outgoing"),
            spanMetricsRate: try J.optionalNumber(o["spanMetricsRate"], at + ".spanMetricsRate"), triton: triton, envoy: envoy,
            phases: try phases(o, at), ownRate: try ownRate(o["ownRate"], at + ".ownRate"), traceLatency: try traceLatency(o["traceLatencyMs"], at + ".traceLatencyMs"))
    }

    private static func ownRate(_ v: Any?, _ at: String) throws -> SourcedRate? {
        guard let v, !(v is NSNull) else { return nil }
        let o = try J.object(v, at)
        let rate = try J.number(o["rate"], at + ".rate")
        let ratio = try J.optionalNumber(o["errorRatio"], at + ".errorRatio")
        let failed = try J.optionalNumber(o["failedRate"], at + ".failedRate")
        return SourcedRate(
            rate: rate, failedRate: failed ?? ratio.map { $0 * rate }, source: try enumValue(o["source"], at + ".source"),
            requests: try o["requests"].map { try int($0, at + ".requests") })
    }

    private static func traceLatency(_ v: Any?, _ at: String) throws -> TraceLatency? {
        guard let v, !(v is NSNull) else { return nil }
        let o = try J.object(v, at)
        return TraceLatency(
            n: try int(o["n"], at + ".n"), p50: try J.number(o["p50"], at + ".p50"), p95: try J.number(o["p95"], at + ".p95"),
            p99: try J.number(o["p99"], at + ".p99"), side: try enumValue(o["side"] ?? "server", at + ".side"))
    }

    private static func orphanEvidence(_ v: Any?, _ at: String) throws -> OrphanEvidence? {
        guard let v, !(v is NSNull) else { return nil }
        let o = try J.object(v, at)
        switch try J.string(o["kind"], at + ".kind") {
        case "traces": return .traces(try int(o["traces"], at + ".traces"))
        case "span-metrics": return .counters(noise: try J.number(o["noise"], at + ".noise"))
        case let other: throw J.ShapeError("\(at).kind \"\(SafeText.clean(String(other.prefix(40))))\" is not traces or span-metrics")
        }
    }

    private static func buckets(_ b: Any?, _ at: String) throws -> Histogram? {
        guard let b, !(b is NSNull) else { return nil }
        let bo = try J.object(b, at)
        let le = try J.array(bo["le"], at + ".le").map { try J.number($0, at + ".le[]") }
        let cumulative = try J.array(bo["cumulative"], at + ".cumulative").map { try J.number($0, at + ".cumulative[]") }
        guard cumulative.count == le.count + 1 else { throw J.ShapeError("\(at) needs one cumulative count per le plus +Inf") }
        return Histogram(bounds: le, cumulative: cumulative)
    }

    private static func edge(_ o: [String: Any], _ at: String) throws -> SnapshotEdge {
        SnapshotEdge(
            client: try J.string(o["client"], at + ".client"), server: try J.string(o["server"], at + ".server"),
            connectionType: try enumValue(o["connectionType"], at + ".connectionType"), rate: try J.number(o["rate"], at + ".rate"),
            rateEstimated: try J.optionalNumber(o["rateEstimated"], at + ".rateEstimated"), rateSource: try enumValue(o["rateSource"], at + ".rateSource"),
            errorRatio: try J.optionalNumber(o["errorRatio"], at + ".errorRatio"),
            serverLatency: try latency(try J.object(o["serverLatencyMs"], at + ".serverLatencyMs"), suffix: "", at + ".serverLatencyMs"),
            clientLatency: try latency(try J.object(o["clientLatencyMs"], at + ".clientLatencyMs"), suffix: "", at + ".clientLatencyMs"),
            phases: try phases(o, at), orphans: try int(o["orphans"] ?? 0, at + ".orphans"),
            traceLatency: try traceLatency(o["traceLatencyMs"], at + ".traceLatencyMs"),
            orphanEvidence: try orphanEvidence(o["orphanEvidence"], at + ".orphanEvidence"))
    }

    private static func traffic(_ v: Any?, _ at: String) throws -> SnapshotTraffic {
        let o = try J.object(v, at)
        return SnapshotTraffic(
            rate: try J.number(o["rate"], at + ".rate"), errorRatio: try J.optionalNumber(o["errorRatio"], at + ".errorRatio"),
            latency: try latency(o, suffix: "Ms", at))
    }

    private static func latency(_ o: [String: Any], suffix: String, _ at: String) throws -> SnapshotLatency {
        var bounds: [String: QuantileEstimate.Bound] = [:]
        for (k, v) in try J.object(o["bounds"] ?? [String: Any](), at + ".bounds") {
            let text = try J.string(v, at + ".bounds." + k)
            guard let b = QuantileEstimate.Bound(rawValue: text) else { throw J.ShapeError("\(at).bounds.\(k) is not \"<\" or \">\"") }
            bounds[k] = b
        }
        var ranges: [String: BucketRange] = [:]
        for name in ["p50", "p95", "p99"] {
            guard let v = o[name + "Range"], !(v is NSNull) else { continue }
            let pair = try J.array(v, at + "." + name + "Range")
            guard pair.count == 2 else { throw J.ShapeError("\(at).\(name)Range is not [lo, hi]") }
            ranges[name] = BucketRange(
                lower: try J.number(pair[0], at + "." + name + "Range[0]"),
                upper: try J.optionalNumber(pair[1], at + "." + name + "Range[1]") ?? .infinity)
        }
        return SnapshotLatency(
            p50: try J.optionalNumber(o["p50" + suffix], at + ".p50"), p95: try J.optionalNumber(o["p95" + suffix], at + ".p95"),
            p99: try J.optionalNumber(o["p99" + suffix], at + ".p99"), avg: try J.optionalNumber(o["avg" + suffix], at + ".avg"),
            bounds: bounds, buckets: try buckets(o["buckets"], at + ".buckets"),
            source: try o["source"].map { try enumValue($0, at + ".source") } ?? .classic,
            side: try o["side"].map { try enumValue($0, at + ".side") } ?? .server,
            origin: try o["from"].map { try enumValue($0, at + ".from") } ?? .serviceGraph, ranges: ranges)
    }

    private static func phases(_ o: [String: Any], _ at: String) throws -> SnapshotPhases {
        var out: [Phase: PhaseStats.Quantiles] = [:]
        for (k, v) in try J.object(o["phasesMs"] ?? [String: Any](), at + ".phasesMs") {
            guard let phase = Phase(rawValue: k) else { throw J.ShapeError("\(at).phasesMs has an unknown phase \"\(SafeText.clean(k))\"") }
            let q = try J.object(v, at + ".phasesMs." + k)
            out[phase] = PhaseStats.Quantiles(
                p50: try J.number(q["p50"], at + ".phasesMs.\(k).p50"), p95: try J.number(q["p95"], at + ".phasesMs.\(k).p95"),
                count: try int(q["count"] ?? 0, at + ".phasesMs.\(k).count"))
        }
        return SnapshotPhases(
            phases: out, requests: try int(o["phaseRequests"] ?? 0, at + ".phaseRequests"),
            networkIncludesProxy: try J.bool(o["networkIncludesProxy"] ?? false, at + ".networkIncludesProxy"))
    }

    private static func history(_ h: [String: Any]) throws -> SnapshotHistory {
        func series(_ v: Any, _ at: String) throws -> SnapshotHistory.Series {
            let o = try J.object(v, at)
            func numbers(_ k: String) throws -> [Double?] { try J.array(o[k], at + "." + k).map { try J.optionalNumber($0, at + "." + k + "[]") } }
            let time = try numbers("time"), rate = try numbers("rate"), errorRatio = try numbers("errorRatio"), p95 = try numbers("p95Ms")
            guard rate.count == time.count, errorRatio.count == time.count, p95.count == time.count else {
                throw J.ShapeError("\(at) has series of different lengths")
            }
            return SnapshotHistory.Series(time: time.map { $0 ?? 0 }, rate: rate.map { $0 ?? 0 }, errorRatio: errorRatio, p95Ms: p95)
        }
        var nodes: [String: SnapshotHistory.Series] = [:]
        for (id, v) in try J.object(h["nodes"], "history.nodes") { nodes[id] = try series(v, "history.nodes." + id) }
        var edges: [EdgeKey: SnapshotHistory.Series] = [:]
        for (k, v) in try J.object(h["edges"], "history.edges") {
            let parts = k.split(separator: "→", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw J.ShapeError("history.edges key \"\(SafeText.clean(k))\" is not client→server") }
            edges[EdgeKey(client: parts[0], server: parts[1])] = try series(v, "history.edges." + k)
        }
        return SnapshotHistory(
            stepSeconds: try J.number(h["stepSeconds"], "history.stepSeconds"), capacity: try int(h["capacity"] ?? History.maxCapacity, "history.capacity"),
            nodes: nodes, edges: edges)
    }

    private static func int(_ v: Any?, _ what: String) throws -> Int {
        let d = try J.number(v, what)
        guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { throw J.ShapeError("\(what) is not an integer") }
        return Int(d)
    }

    private static func optionalString(_ v: Any?, _ what: String) throws -> String? {
        if v == nil || v is NSNull { return nil }
        return try J.string(v, what)
    }

    private static func enumValue<E: RawRepresentable>(_ v: Any?, _ what: String) throws -> E where E.RawValue == String {
        let text = try J.string(v, what)
        guard let e = E(rawValue: text) else { throw J.ShapeError("\(what) \"\(SafeText.clean(String(text.prefix(40))))\" is not a known value") }
        return e
    }
}
