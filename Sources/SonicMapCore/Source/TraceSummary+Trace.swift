extension TraceSummary {
    /// The search hit Tempo would give for `trace`: root service and name from the span
    /// without a parent (Tempo's placeholder when there is none), start and duration.
    public init(summarizing trace: Trace) {
        let root = trace.spans.first { $0.parentSpanID == nil }
        let start = trace.startUnixNano, end = trace.endUnixNano
        self.init(
            traceID: trace.traceID, rootServiceName: root?.service ?? TraceSummary.rootNotYetReceived, rootTraceName: root?.name ?? "",
            startUnixNano: start, durationMs: Double(end >= start ? end - start : 0) / 1e6,
            spanSets: Self.failedSpanSet(trace), errorSpans: trace.spans.filter { $0.status == .error }.count)
    }

    /// The first failed span with its status and message selected, as Tempo lists a span
    /// selected with `| select(status, statusMessage)`; none when nothing failed.
    private static func failedSpanSet(_ trace: Trace) -> [SpanSetSummary] {
        guard let s = trace.spans.first(where: { $0.status == .error && !$0.statusMessage.isEmpty }) ?? trace.spans.first(where: { $0.status == .error })
        else { return [] }
        let attributes = [Attribute("status", .string("error")), Attribute("statusMessage", .string(s.statusMessage))]
        return [SpanSetSummary(
            spans: [SpanSummary(spanID: s.spanID, name: s.name, startUnixNano: s.startUnixNano, durationNanos: s.durationNanos, attributes: attributes)],
            matched: 1)]
    }
}
