/// `sonicmap trace --format json`: one trace as the JSON contract in DESIGN.md says.
///
/// Spans are sorted by (start, span id) and every number is an integer, so the same
/// trace read from any encoding prints byte-identical JSON.
public enum TraceJSON {
    public static func render(_ trace: Trace) -> String {
        var sorted = trace
        sorted.spans.sort { ($0.startUnixNano, $0.spanID) < ($1.startUnixNano, $1.spanID) }
        let analysis = TraceAnalysis.analyze(sorted)
        let start = sorted.startUnixNano
        var w = JSONDocumentWriter()
        w.beginObject()
        w.string("traceId", sorted.traceID.hex)
        w.string("startUnixNano", String(start))
        w.uint("durationNs", sorted.endUnixNano >= start ? sorted.endUnixNano - start : 0)
        w.bool("partial", sorted.partial)
        w.bool("skewDetected", analysis.skewDetected)
        w.beginArray("spans")
        for s in sorted.spans {
            w.beginObject()
            w.string("spanId", s.spanID.hex)
            if let p = s.parentSpanID { w.string("parentSpanId", p.hex) }
            w.string("service", s.service)
            w.string("name", s.name)
            w.string("kind", s.kind.rawValue)
            w.uint("startNs", s.startUnixNano >= start ? s.startUnixNano - start : 0)
            w.uint("durationNs", s.durationNanos)
            w.string("status", s.status.rawValue)
            w.string("role", RoleInference.role(of: s).rawValue)
            w.endObject()
        }
        w.endArray()
        w.beginArray("requests")
        for r in analysis.requests {
            w.beginObject()
            w.beginArray("spanIds")
            for id in r.spanIDs { w.string(nil, id.hex) }
            w.endArray()
            if let c = r.client { w.string("client", c) } else { w.null("client") }
            w.string("server", r.server)
            w.string("model", r.model)
            w.bool("orphan", r.orphan)
            writePhases(&w, r.phases)
            w.beginArray("steps")
            for step in r.steps {
                w.beginObject()
                w.string("model", step.model)
                writePhases(&w, step.phases)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    static func writePhases(_ w: inout JSONDocumentWriter, _ p: PhaseDurations) {
        w.beginObject("phasesNs")
        for (phase, ns) in p.present { w.uint(phase.rawValue, ns) }
        w.endObject()
    }
}
