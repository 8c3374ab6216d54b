/// The traces in a file, which may hold several: an OTLP export batch (Envoy and the
/// Collector put spans of different traces in one `ExportTraceServiceRequest`) or the
/// OpenTelemetry Collector file exporter's JSON lines (one `TracesData` object per line).
/// Pure.
public enum TraceFile {
    /// Every trace in `bytes`, one per trace id, in the order each id first appears.
    ///
    /// A document `TraceDecoder.decode` reads is split by trace id; bytes it cannot read
    /// are tried as JSON lines (every non-empty line a trace document), and when that
    /// fails too the first error is thrown. Each trace keeps only the resources its spans
    /// use; the span cap applies to the whole file.
    public static func traces(_ bytes: [UInt8], spanCap: Int = TraceDecoder.defaultSpanCap) throws(TraceDecodeError) -> [Trace] {
        let whole: Trace
        do {
            whole = try TraceDecoder.decode(bytes, spanCap: spanCap)
        } catch {
            guard let lines = try? jsonLines(bytes, spanCap: spanCap) else { throw error }
            whole = lines
        }
        return split(whole)
    }

    /// `trace` cut into one trace per trace id; a trace with one id comes back as it is.
    public static func split(_ trace: Trace) -> [Trace] {
        guard let first = trace.spans.first?.traceID, trace.spans.contains(where: { $0.traceID != first }) else { return [trace] }
        var order: [TraceID] = []
        var groups: [TraceID: [Span]] = [:]
        for s in trace.spans {
            if groups[s.traceID] == nil { order.append(s.traceID) }
            groups[s.traceID, default: []].append(s)
        }
        return order.map { id in
            var resources: [Resource] = []
            var index: [Int: Int] = [:]
            let spans = groups[id]!.map { s in
                var s = s
                if let i = index[s.resource] {
                    s.resource = i
                } else {
                    index[s.resource] = resources.count
                    resources.append(trace.resources.indices.contains(s.resource) ? trace.resources[s.resource] : Resource(attributes: []))
                    s.resource = resources.count - 1
                }
                return s
            }
            return Trace(traceID: id, spans: spans, resources: resources, partial: trace.partial, partialReason: trace.partialReason)
        }
    }

    /// Several JSON documents, one per line, as one trace of all their spans; nil unless
    /// there are at least two lines and every one is a trace document.
    private static func jsonLines(_ bytes: [UInt8], spanCap: Int) throws(TraceDecodeError) -> Trace? {
        let lines = bytes.split(separator: UInt8(ascii: "\n")).filter { line in line.contains { ![0x20, 0x09, 0x0D].contains($0) } }
        guard lines.count >= 2, lines.allSatisfy({ $0.first { ![0x20, 0x09, 0x0D].contains($0) } == UInt8(ascii: "{") }) else { return nil }
        var spans: [Span] = [], resources: [Resource] = []
        var partial = false
        var reasons: [String] = []
        for line in lines {
            let t: Trace
            do {
                t = try TraceDecoder.decodeJSON(Array(line), spanCap: max(1, spanCap - spans.count))
            } catch .notFound {
                continue
            }
            let offset = resources.count
            resources += t.resources
            spans += t.spans.map { s in
                var s = s
                s.resource += offset
                return s
            }
            if t.partial {
                partial = true
                reasons.append(t.partialReason)
            }
            if spans.count >= spanCap { break }
        }
        guard !spans.isEmpty else { throw .notFound }
        return Trace(traceID: spans[0].traceID, spans: spans, resources: resources, partial: partial, partialReason: reasons.joined(separator: "; "))
    }
}
