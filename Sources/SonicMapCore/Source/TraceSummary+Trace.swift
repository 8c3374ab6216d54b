extension TraceSummary {
    /// The search hit Tempo would give for `trace`: root service and name from the span
    /// without a parent (Tempo's placeholder when there is none), start and duration.
    public init(summarizing trace: Trace) {
        let root = trace.spans.first { $0.parentSpanID == nil }
        let start = trace.startUnixNano, end = trace.endUnixNano
        self.init(
            traceID: trace.traceID, rootServiceName: root?.service ?? TraceSummary.rootNotYetReceived, rootTraceName: root?.name ?? "",
            startUnixNano: start, durationMs: Double(end >= start ? end - start : 0) / 1e6)
    }
}
