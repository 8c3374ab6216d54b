import Testing
@testable import SonicMapCore

/// The complete listing against a simulated search server that, like Tempo without the
/// hint, answers a full page with an arbitrary choice of the matches.
@Suite struct TraceListingTests {
    /// A server holding `starts` (Unix ns, one trace each); `mostRecent` answers are the
    /// newest of the range, others a pseudo-random choice. Ranges keep traces that start
    /// in `start…end` (seconds), Tempo's overlap rule for zero-length traces.
    struct Server {
        var traces: [TraceSummary]
        var mostRecent: Bool
        var asked: [TraceListing.Query] = []

        init(starts: [UInt64], mostRecent: Bool) {
            traces = starts.enumerated().map { i, s in
                TraceSummary(traceID: TraceID(high: 7, low: UInt64(i + 1)), rootServiceName: "svc", rootTraceName: "op", startUnixNano: s, durationMs: Double(i % 97))
            }
            self.mostRecent = mostRecent
        }

        mutating func answer(_ q: TraceListing.Query) -> [TraceSummary] {
            asked.append(q)
            let inRange = traces.filter { $0.startUnixNano >= UInt64(q.start) * 1_000_000_000 && $0.startUnixNano <= UInt64(q.end) * 1_000_000_000 }
            if mostRecent { return Array(inRange.sorted { $0.startUnixNano > $1.startUnixNano }.prefix(q.limit)) }
            // Arbitrary but repeatable: ordered by a hash of the id, as blocks happen to be read.
            return Array(inRange.sorted { ($0.traceID.low &* 0x9E37_79B9_7F4A_7C15) < ($1.traceID.low &* 0x9E37_79B9_7F4A_7C15) }.prefix(q.limit))
        }
    }

    static func run(_ plan: inout TraceListing, _ server: inout Server) {
        var guardrail = 0
        while let q = plan.next(), guardrail < 10_000 {
            plan.receive(q, hits: server.answer(q))
            guardrail += 1
        }
    }

    /// 3000 traces over 10 minutes, several per second.
    static let starts: [UInt64] = (0..<3000).map { i in UInt64(1_796_460_000) * 1_000_000_000 + UInt64(i) * 200_000_000 + UInt64(i % 7) * 1_000 }

    @Test(arguments: [true, false]) func everyTraceOfTheRangeNewestFirst(mostRecent: Bool) {
        var server = Server(starts: Self.starts, mostRecent: mostRecent)
        var plan = TraceListing(start: 1_796_460_000, end: 1_796_460_600, limit: 100_000, pageSize: 200, order: mostRecent ? .mostRecent : .bisect)
        Self.run(&plan, &server)
        let listed = plan.traces
        #expect(listed.count == 3000, "every trace of the range")
        #expect(Set(listed.map(\.traceID)).count == 3000)
        #expect(listed.map(\.startUnixNano) == listed.map(\.startUnixNano).sorted(by: >))
        #expect(plan.notes.isEmpty)
        #expect(server.asked.allSatisfy { $0.start < $0.end }, "Tempo refuses an empty range")
        if mostRecent { #expect(server.asked.count <= 3000 / 200 + 3, "about one query per page: \(server.asked.count)") }
    }

    @Test(arguments: [true, false]) func theNewestNEvenWhenTheServerPicksArbitrarily(mostRecent: Bool) {
        var server = Server(starts: Self.starts, mostRecent: mostRecent)
        var plan = TraceListing(start: 1_796_460_000, end: 1_796_460_600, limit: 20, pageSize: 20, order: mostRecent ? .mostRecent : .bisect)
        Self.run(&plan, &server)
        let newest = Self.starts.sorted(by: >).prefix(20)
        #expect(plan.traces.map(\.startUnixNano) == Array(newest))
        if mostRecent { #expect(server.asked.count == 1, "one query when the first answer is the newest") }
    }

    @Test func pagingBackLeavesOutWhatWasListed() {
        var server = Server(starts: Self.starts, mostRecent: true)
        var first = TraceListing(start: 1_796_460_000, end: 1_796_460_600, limit: 20, pageSize: 20, order: .mostRecent)
        Self.run(&first, &server)
        let oldest = first.traces.last!.startUnixNano
        var second = TraceListing(
            start: 1_796_460_000, end: 1_796_460_600, limit: 20, pageSize: 20, order: .mostRecent, olderThanUnixNano: oldest,
            excluded: Set(first.traces.map(\.traceID)))
        Self.run(&second, &server)
        #expect(second.traces.map(\.startUnixNano) == Array(Self.starts.sorted(by: >).dropFirst(20).prefix(20)))
    }

    @Test func aSecondFullerThanAPageIsListedInPartAndSaysSo() {
        let crowded = (0..<50).map { UInt64(1_796_460_100) * 1_000_000_000 + UInt64($0) * 1_000 }
        var server = Server(starts: crowded + [UInt64(1_796_460_050) * 1_000_000_000], mostRecent: true)
        var plan = TraceListing(start: 1_796_460_000, end: 1_796_460_200, limit: 1000, pageSize: 10, order: .mostRecent)
        Self.run(&plan, &server)
        #expect(plan.traces.contains { $0.startUnixNano == UInt64(1_796_460_050) * 1_000_000_000 }, "the listing goes on past the crowded second")
        #expect(plan.notes.count == 1 && plan.notes[0].contains("more than 10 traces started within one second"))
    }

    @Test func emptyOrBackwardRangesAskNothing() {
        var plan = TraceListing(start: 100, end: 100, limit: 5, order: .mostRecent)
        #expect(plan.next() == nil)
        var none = TraceListing(start: 100, end: 200, limit: 0, order: .bisect)
        #expect(none.next() == nil)
    }
}
