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
        for bad in ["", "yesterday", "-15", "15m", "2026-11-29", "-1x"] { #expect(TimePoint(parsing: bad) == nil, "\(bad)") }
    }

    @Test func resolvesAgainstNowAndRefusesSmallNumbersWithALiveSource() {
        #expect(TimePoint.relative(-900).resolve(now: 10_000) == 9_100)
        #expect(TimePoint.unix(5).resolve(now: 10_000) == 5)
        #expect(TimePoint.unix(1_789_999_980).liveSourceProblem(flag: "--at") == nil)
        let problem = TimePoint.smallNumber(120).liveSourceProblem(flag: "--at")
        #expect(problem?.hasPrefix("--at 120 is a number of seconds, which means simulated seconds with --demo") == true)
    }
}
