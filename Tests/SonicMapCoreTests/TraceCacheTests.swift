import Testing
@testable import SonicMapCore

@Suite struct TraceCacheTests {
    static func trace(_ n: UInt64, endSeconds: Double, spans: Int = 4, partial: Bool = false) -> Trace {
        let id = TraceID(high: 1, low: n)
        let end = UInt64(endSeconds * 1e9)
        let list = (0..<spans).map { i in
            Span(traceID: id, spanID: SpanID(UInt64(i + 1)), parentSpanID: i == 0 ? nil : SpanID(1), name: "s\(i)", kind: .server,
                 startUnixNano: end - 5_000_000, endUnixNano: end, service: "svc")
        }
        return Trace(traceID: id, spans: list, resources: [Resource(attributes: [])], partial: partial)
    }

    @Test func aCompleteTraceIsFetchedOnceAnIncompleteOneOnceMoreWhenComplete() {
        var cache = TraceCache()
        let old = Self.trace(1, endSeconds: 1000), young = Self.trace(2, endSeconds: 1090)
        #expect(cache.needsFetch(old.traceID, now: 1100) && cache.needsFetch(young.traceID, now: 1100))
        cache.store(old, fetchedAt: 1100)
        cache.store(young, fetchedAt: 1100)
        #expect(cache.isHeldComplete(old.traceID) && !cache.isHeldComplete(young.traceID))
        #expect(!cache.needsFetch(old.traceID, now: 5000), "complete: never again")
        #expect(!cache.needsFetch(young.traceID, now: 1105), "incomplete and still young: the held copy serves")
        #expect(cache.needsFetch(young.traceID, now: 1120), "it has become complete since: once more")
        cache.store(young, fetchedAt: 1120)
        #expect(!cache.needsFetch(young.traceID, now: 1200))
        #expect(cache.trace(old.traceID) == old)
    }

    @Test func aPartialTraceIsNeverTakenAsComplete() {
        var cache = TraceCache()
        cache.store(Self.trace(3, endSeconds: 1, partial: true), fetchedAt: 1000)
        #expect(!cache.isHeldComplete(TraceID(high: 1, low: 3)))
    }

    @Test func memoryStaysWithinTheSpanAndTraceBoundsDroppingTheLeastRecentlyUsed() {
        var cache = TraceCache(maxSpans: 100, maxTraces: 1000)
        for n in UInt64(1)...40 { cache.store(Self.trace(n, endSeconds: 10), fetchedAt: 100) }
        #expect(cache.spanCount <= 100)
        #expect(cache.trace(TraceID(high: 1, low: 40)) != nil, "the newest stays")
        #expect(cache.trace(TraceID(high: 1, low: 1)) == nil, "the oldest went first")
        var few = TraceCache(maxSpans: 10_000, maxTraces: 10)
        for n in UInt64(1)...12 {
            few.store(Self.trace(n, endSeconds: 10), fetchedAt: 100)
            if n == 5 { _ = few.trace(TraceID(high: 1, low: 1)) }
        }
        #expect(few.count <= 10)
        #expect(few.trace(TraceID(high: 1, low: 1)) != nil, "used recently, so kept")
        #expect(few.trace(TraceID(high: 1, low: 2)) == nil)
    }
}
