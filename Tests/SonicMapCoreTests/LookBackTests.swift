import Testing
@testable import SonicMapCore

/// The arithmetic of looking back: `--at` times, the first-sample query, the notes.
@Suite struct LookBackTests {
    @Test func relativeAndAbsoluteTimesResolveToUnixSeconds() throws {
        let now = 1_800_000_000.0
        #expect(try #require(TimePoint(parsing: "-10m")).resolve(now: now) == now - 600)
        #expect(try #require(TimePoint(parsing: "-2h")).resolve(now: now) == now - 7200)
        #expect(try #require(TimePoint(parsing: "2027-01-15T08:00:00Z")).resolve(now: 0) == 1_800_000_000, "absolute: now does not matter")
        #expect(try #require(TimePoint(parsing: "1799999400")).resolve(now: now) == 1_799_999_400)
        #expect(TimePoint(parsing: "600") == .smallNumber(600))
    }

    @Test func firstSampleQueryCoversTToNowInAThousandSteps() throws {
        let filter = try LabelSelector(parsing: #"client!="user""#)
        let q = LookBack.firstSampleQuery(filter: filter, at: 1_000_000, now: 1_003_600)
        #expect(q == #"min(min_over_time(timestamp(traces_service_graph_request_total{client!="user"})[3600s:4s]))"#)
        #expect(LookBack.stepSeconds(at: 1_000_000, now: 1_000_010) == 1, "at least a second")
        #expect(LookBack.stepSeconds(at: 0, now: 3 * 86_400) <= 300, "within the lookback up to 3 days")
        #expect(LookBack.firstSampleQuery(filter: LabelSelector(), at: 10, now: 10).hasSuffix("[1s:1s]))"))
    }

    @Test func prometheusNoteNamesTheOldestSampleOnlyWhenLater() {
        let note = LookBack.prometheusNote(at: 1_789_999_980, firstSample: 1_790_000_400)
        #expect(note?.hasPrefix("Prometheus has no service-graph series at 2026-09-21T14:13:00Z; its oldest sample since then is at 2026-09-21T14:20:00Z") == true)
        #expect(LookBack.prometheusNote(at: 1_789_999_980, firstSample: nil) == nil)
        #expect(LookBack.prometheusNote(at: 1_789_999_980, firstSample: 1_789_999_000) == nil)
        #expect(LookBack.prometheusNote(at: 1_789_999_980, firstSample: .nan) == nil)
    }

    @Test func tempoNoteOnlyPastTheIngestersRecentWindow() {
        let now = 1_790_000_000.0
        #expect(LookBack.tempoNote(end: now - 600, now: now) == nil)
        #expect(LookBack.tempoNote(end: now - 900, now: now) == nil)
        let note = LookBack.tempoNote(end: now - 901, now: now)
        #expect(note?.contains("more than 15m ago") == true && note?.contains("may be slow") == true)
    }
}
