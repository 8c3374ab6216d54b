import Testing
@testable import SonicMapCore

@Suite struct TimePointTests {
    @Test func acceptedForms() {
        #expect(TimePoint(parsing: "2026-11-29T07:45:00Z") == .unix(1_795_938_300))
        #expect(TimePoint(parsing: "2026-11-29T08:45:00.5+01:00") == .unix(1_795_938_300.5))
        #expect(TimePoint(parsing: "1789999980") == .unix(1_789_999_980))
        #expect(TimePoint(parsing: "-15m") == .relative(-900))
        #expect(TimePoint(parsing: "-1h30m") == .relative(-5400))
        #expect(TimePoint(parsing: "now") == .relative(0))
        #expect(TimePoint(parsing: "120") == .smallNumber(120))
        #expect(TimePoint(parsing: "14:05") == .timeOfDay(50_700))
        #expect(TimePoint(parsing: "00:00:30") == .timeOfDay(30))
        for bad in ["", "yesterday", "-15", "15m", "2026-11-29", "-1x", "24:00", "14:60", "1:05", "14:05:", "14:05:60", "١٤:٠٥"] { #expect(TimePoint(parsing: bad) == nil, "\(bad)") }
    }

    @Test func aTimeOfDayIsTheLatestSuchMomentNotAfterNow() {
        let noon = 1_795_953_600.0  // 2026-11-29T12:00:00Z
        #expect(UTCTime.rfc3339(TimePoint.timeOfDay(11 * 3600 + 50 * 60).resolve(now: noon)) == "2026-11-29T11:50:00Z")
        #expect(UTCTime.rfc3339(TimePoint.timeOfDay(12 * 3600).resolve(now: noon)) == "2026-11-29T12:00:00Z")
        #expect(UTCTime.rfc3339(TimePoint.timeOfDay(23 * 3600 + 50 * 60).resolve(now: noon)) == "2026-11-28T23:50:00Z")
        #expect(TimePoint.timeOfDay(50_700).liveSourceProblem(flag: "--at") == nil)
    }

    @Test func resolvesAgainstNowAndRefusesSmallNumbersWithALiveSource() {
        #expect(TimePoint.relative(-900).resolve(now: 10_000) == 9_100)
        #expect(TimePoint.unix(5).resolve(now: 10_000) == 5)
        #expect(TimePoint.unix(1_789_999_980).liveSourceProblem(flag: "--at") == nil)
        let problem = TimePoint.smallNumber(120).liveSourceProblem(flag: "--at")
        #expect(problem?.hasPrefix("--at 120 is a number of seconds, which means simulated seconds with --demo") == true)
    }
}
