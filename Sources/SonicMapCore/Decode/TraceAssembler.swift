/// Collects the spans and resources a reader meets, in input order, and finishes them
/// into a `Trace`. Shared by the JSON and protobuf readers so both agree on the
/// span cap, the trace id and what an empty trace means.
struct TraceAssembler {
    private(set) var spans: [Span] = []
    private(set) var resources: [Resource] = []
    let spanCap: Int
    /// Spans seen after the cap was reached; they were skipped, not decoded.
    private(set) var skippedSpans = 0

    init(spanCap: Int, expectedSpans: Int) {
        self.spanCap = max(1, spanCap)
        spans.reserveCapacity(min(self.spanCap, max(0, expectedSpans)))
    }

    /// True once `spanCap` spans are held; readers then skip further spans and call `skipSpan()`.
    var isFull: Bool { spans.count >= spanCap }

    mutating func skipSpan() { skippedSpans += 1 }

    /// Starts a resource with no attributes yet and returns its index.
    mutating func beginResource() -> Int {
        resources.append(Resource(attributes: []))
        return resources.count - 1
    }

    mutating func setResourceAttributes(_ index: Int, _ attributes: [Attribute]) {
        resources[index].attributes = attributes
    }

    mutating func append(_ span: Span) { spans.append(span) }

    /// Sets `service` on the spans from `start` on, for inputs where a resource comes after its spans.
    mutating func setService(_ service: String, from start: Int) {
        for i in start..<spans.count { spans[i].service = service }
    }

    /// Sets `scope` on the spans from `start` on, for inputs where a scope comes after its spans.
    mutating func setScope(_ scope: String, from start: Int) {
        for i in start..<spans.count { spans[i].scope = scope }
    }

    /// The finished trace.
    ///
    /// - `traceID` is the id most spans carry; ties go to the id seen first. An export
    ///   from Envoy or the Collector can mix traces, and a trace-by-id answer has one id,
    ///   so the majority is the trace the caller asked about.
    /// - `partialReason` is the server's reason (Tempo v2 `PARTIAL`), if any, followed by
    ///   the span cap's when it was hit.
    /// - Throws `.notFound` when there are no spans.
    func finish(serverPartial: Bool, serverReason: String) throws(TraceDecodeError) -> Trace {
        guard !spans.isEmpty else { throw .notFound }
        var reasons: [String] = []
        if serverPartial { reasons.append(serverReason.isEmpty ? "Tempo returned a partial trace" : serverReason) }
        if skippedSpans > 0 {
            reasons.append("span cap reached: kept the first \(spans.count) spans, skipped \(skippedSpans)")
        }
        return Trace(
            traceID: Self.majorityTraceID(spans), spans: spans, resources: resources,
            partial: !reasons.isEmpty, partialReason: reasons.joined(separator: "; "))
    }

    /// The most common trace id; ties go to the one seen first.
    static func majorityTraceID(_ spans: [Span]) -> TraceID {
        let first = spans[0].traceID
        guard spans.contains(where: { $0.traceID != first }) else { return first }
        var counts: [TraceID: (count: Int, firstSeen: Int)] = [:]
        for (i, s) in spans.enumerated() {
            counts[s.traceID, default: (0, i)].count += 1
        }
        return counts.max { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.value.firstSeen > b.value.firstSeen
        }!.key
    }
}
