/// Traces fetched from Tempo, kept so that a trace that can no longer change is fetched
/// once, shared by the map's refreshes and the views' searches. Pure: the caller gives
/// the time.
///
/// A trace is *complete* when its last span ended at least `completionSeconds` before it
/// was fetched: Tempo's ingester has then flushed it (its live-trace idle period is 10 s
/// by default and spans arrive within Envoy's 5 s export interval), so a later fetch
/// returns the same spans. An incomplete trace is kept too, and fetched once more when it
/// has become complete.
///
/// Memory is bounded: at most `maxSpans` spans and `maxTraces` traces; beyond either,
/// the least recently used traces are dropped (about a tenth at a time).
public struct TraceCache: Sendable {
    /// Seconds after its last span ends that a trace no longer changes in Tempo.
    public static let completionSeconds = 30.0
    /// The default bounds: 50,000 spans (an inference trace has 4–6, so about 10,000
    /// requests) and 10,000 traces.
    public static let defaultMaxSpans = 50_000
    public static let defaultMaxTraces = 10_000

    private struct Entry: Sendable {
        var trace: Trace
        var complete: Bool
        var used: Int
    }

    public let maxSpans: Int
    public let maxTraces: Int
    private var entries: [TraceID: Entry] = [:]
    private var clock = 0
    /// Spans held, over every trace.
    public private(set) var spanCount = 0

    public init(maxSpans: Int = defaultMaxSpans, maxTraces: Int = defaultMaxTraces) {
        self.maxSpans = max(1, maxSpans)
        self.maxTraces = max(1, maxTraces)
    }

    /// Traces held.
    public var count: Int { entries.count }

    /// Whether `id` should be fetched at `now` (Unix seconds): it is not held, or it was
    /// fetched incomplete and has become complete since.
    public func needsFetch(_ id: TraceID, now: Double) -> Bool {
        guard let e = entries[id] else { return true }
        return !e.complete && Self.isComplete(e.trace, at: now)
    }

    /// Whether `id` is held complete.
    public func isHeldComplete(_ id: TraceID) -> Bool { entries[id]?.complete ?? false }

    /// The held trace, marked as just used.
    public mutating func trace(_ id: TraceID) -> Trace? {
        guard entries[id] != nil else { return nil }
        clock += 1
        entries[id]!.used = clock
        return entries[id]!.trace
    }

    /// Keeps `trace`, fetched at `now`; a partial answer (cut at the span cap, or Tempo's
    /// `PARTIAL`) is never taken as complete.
    public mutating func store(_ trace: Trace, fetchedAt now: Double) {
        clock += 1
        if let old = entries[trace.traceID] { spanCount -= old.trace.spans.count }
        entries[trace.traceID] = Entry(trace: trace, complete: !trace.partial && Self.isComplete(trace, at: now), used: clock)
        spanCount += trace.spans.count
        evictIfNeeded()
    }

    /// Whether a trace fetched at `now` can no longer change.
    public static func isComplete(_ trace: Trace, at now: Double) -> Bool {
        now - Double(trace.endUnixNano) / 1e9 >= completionSeconds
    }

    private mutating func evictIfNeeded() {
        guard spanCount > maxSpans || entries.count > maxTraces else { return }
        let spanTarget = maxSpans - maxSpans / 10, traceTarget = maxTraces - maxTraces / 10
        for (id, e) in entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard spanCount > spanTarget || entries.count > traceTarget else { break }
            entries[id] = nil
            spanCount -= e.trace.spans.count
        }
    }
}
