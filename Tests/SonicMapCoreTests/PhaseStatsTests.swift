import Testing
@testable import SonicMapCore

/// Phase quantiles are selected, not sorted; they must equal the nearest rank of the
/// sorted values, whatever the values and their order.
@Suite struct PhaseStatsTests {
    static func request(queue: UInt64?, infer: UInt64) -> InferenceRequest {
        var p = PhaseDurations()
        p[.queue] = queue
        p[.infer] = infer
        return InferenceRequest(
            spanIDs: [], client: nil, server: "t", model: "m", orphan: true, networkIncludesProxy: false,
            phases: p, steps: [], rootSpanID: SpanID(1), rootDurationNanos: 0)
    }

    static func nearestRank(_ values: [UInt64], _ f: Double) -> Double {
        let sorted = values.sorted()
        let rank = max(0, min(sorted.count - 1, Int((f * Double(sorted.count)).rounded(.up)) - 1))
        return Double(sorted[rank]) / 1e9
    }

    @Test func selectedQuantilesEqualSortedNearestRank() {
        var r = TestRandom(state: 42)
        for n in [1, 2, 3, 5, 19, 20, 21, 100, 1001] {
            // Few distinct values too, so that ties around the pivot are exercised.
            let spread = n % 2 == 0 ? 7 : 1_000_000
            let infer = (0..<n).map { _ in UInt64(r.next(spread)) }
            let queue = (0..<n).map { i -> UInt64? in i % 3 == 0 ? nil : UInt64(r.next(spread)) }
            let stats = PhaseStats(zip(queue, infer).map { Self.request(queue: $0, infer: $1) })
            #expect(stats.requests == n)
            #expect(stats[.infer]?.p50 == Self.nearestRank(infer, 0.5), "n=\(n)")
            #expect(stats[.infer]?.p95 == Self.nearestRank(infer, 0.95), "n=\(n)")
            let q = queue.compactMap { $0 }
            if q.isEmpty {
                #expect(stats[.queue] == nil)
            } else {
                #expect(stats[.queue]?.p50 == Self.nearestRank(q, 0.5))
                #expect(stats[.queue]?.p95 == Self.nearestRank(q, 0.95))
                #expect(stats[.queue]?.count == q.count)
            }
            #expect(stats[.network] == nil, "a phase no request has is absent")
        }
    }

    @Test func phaseDurationsStoreOnlyWhatIsSet() {
        var p = PhaseDurations([.queue: 5, .other: 0])
        #expect(p[.queue] == 5 && p[.other] == 0 && p[.infer] == nil)
        #expect(p.total == 5)
        #expect(p.present.map(\.0) == [.queue, .other])
        p[.queue] = nil
        #expect(p == PhaseDurations([.other: 0]))
        #expect(p.values == [.other: 0])
    }
}
