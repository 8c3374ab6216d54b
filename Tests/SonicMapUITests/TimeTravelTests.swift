import Testing
import SonicMapCore
import SonicMapSources
import SonicMapTestSupport
@testable import SonicMapUI

/// `:at`, `<` `>` and `:live` (issue 15): the map as of another time, the status line that
/// says which, and polling that stops while looking back.
@Suite struct TimeTravelTests {
    /// The demo at simulated second 1800: half an hour to look back at. The state's clock
    /// is the data's time, as the live demo's is.
    static func demo() -> (state: AppState, source: DemoSource) {
        DemoState.makeWithSource(width: 160, height: 48, at: 1800)
    }

    static func type(_ text: String, into s: inout AppState) -> [AppCommand] {
        var out: [AppCommand] = []
        for key in [Key.char(":")] + text.map(Key.char) + [.enter] { out += s.update(.key(key)) }
        return out
    }

    /// What the poller sends back for `.lookAt(t)`: the source's map of the window ending at `t`.
    static func answer(_ commands: [AppCommand], from source: DemoSource, into s: inout AppState) throws {
        guard let t = commands.lazy.compactMap({ if case .lookAt(let t) = $0 { t } else { nil } }).first else { return }
        let data = try source.refresh(RefreshRequest(windowSeconds: s.settings.windowSeconds, at: t))
        _ = s.update(.refreshed(PollOutcome(result: .success(data), finishedAt: s.now, nextAttemptIn: 5)))
    }

    static func statusLine(_ s: AppState) -> String { s.render().line(s.screen.height - 1) }

    /// The traffic request the first look of a state asks for, by number.
    static func traffic(_ s: AppState) -> AppCommand { .fetchTraffic(ScrubBar.request, id: s.lastRequestID) }

    /// Node rates of a map, by id.
    static func rates(_ map: ServiceMap) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: map.nodes.map { ($0.id, $0.ownRate?.rate ?? $0.incoming.rate) })
    }

    @Test func atShowsTheMapOfThenUntilLiveBringsNowBack() throws {
        var (s, source) = Self.demo()
        let now = s.now, live = Self.rates(s.map)
        #expect(Self.statusLine(s).hasPrefix(" LIVE "))

        let commands = Self.type("at -10m", into: &s)
        #expect(commands == [.lookAt(now - 600), Self.traffic(s)], "the map of then, and the scrub bar's curve")
        #expect(s.settings.at == now - 600)
        #expect(Self.statusLine(s).contains("the window ending \(UTCTime.rfc3339(now - 600))"))
        try Self.answer(commands, from: source, into: &s)
        _ = s.update(.key(.char("x")))
        let status = Self.statusLine(s)
        #expect(status.hasPrefix(" AT \(UTCTime.clock(now - 600, today: now)) "), "\(status)")
        #expect(!status.contains("LIVE") && !status.contains("age"))
        #expect(status.contains(" " + ScrubBar.text(at: now - 600, now: now, glyphs: .unicode) + " "), "where T sits in the last hour")

        // The figures are those of ten minutes ago, as a source asked for then gives them.
        let then = DemoSource(options: DemoOptions()) { 1800 }
        let expected = try then.refresh(RefreshRequest(windowSeconds: 300, at: now - 600))
        #expect(s.status.dataTime == expected.time)
        #expect(Self.rates(s.map) == Self.rates(ServiceMapBuilder.build(
            sample: expected.sample, traces: expected.traces, options: .init(grouping: s.settings.grouping),
            now: expected.time, windowSeconds: 300)))
        #expect(Self.rates(s.map) != live, "the demo's load changes over ten minutes")

        // Long after, the past is not stale.
        _ = s.update(.tick(now: now + 3600))
        #expect(!s.isStale)

        let back = Self.type("live", into: &s)
        #expect(back == [.lookAt(nil)] && s.settings.at == nil)
        let fresh = try source.refresh(RefreshRequest(windowSeconds: 300))
        _ = s.update(.refreshed(PollOutcome(result: .success(fresh), finishedAt: now + 3600, nextAttemptIn: 5)))
        _ = s.update(.key(.char("x")))
        #expect(Self.statusLine(s).hasPrefix(" LIVE "))
    }

    @Test func anglesStepAWindowAndForwardPastNowIsLive() {
        var (s, _) = Self.demo()
        let now = s.now
        #expect(s.update(.key(.char(">"))) == [])
        #expect(s.chrome.message == "already live: < steps back")
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 300), Self.traffic(s)])
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 600)], "the curve of a minute ago serves")
        #expect(s.update(.key(.char(">"))) == [.lookAt(now - 300)])
        #expect(s.update(.key(.char(">"))) == [.lookAt(nil)])
        #expect(s.settings.at == nil)
        _ = s.update(.key(.char("t")))
        #expect(s.mode == .table)
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 300)], "the table steps too")
    }

    @Test func aTimeOfDayIsTheLatestSuchMomentUpToNow() {
        var (s, _) = Self.demo()
        let now = s.now
        let clock = UTCTime.clock(now - 120, today: now).prefix(5)
        let commands = Self.type("at \(clock)", into: &s)
        let t = (now / 86_400).rounded(.down) * 86_400 + Double(Int(clock.prefix(2))! * 3600 + Int(clock.suffix(2))! * 60)
        #expect(commands.first == .lookAt(t))
    }

    @Test func badTimesSayWhatIsAcceptedAndChangeNothing() {
        var (s, _) = Self.demo()
        for text in ["at", "at yesterday", "at 120", "at 25:00"] {
            #expect(Self.type(text, into: &s) == [], "\(text)")
            #expect(s.chrome.message == "at needs a time: -10m, 14:05 (UTC), RFC 3339 or Unix seconds, like :at -10m", "\(text)")
        }
        #expect(Self.type("at 2999-01-01T00:00:00Z", into: &s) == [])
        #expect(s.chrome.message == "2999-01-01T00:00:00Z is in the future; :live shows now")
        #expect(Self.type("live", into: &s) == [] && s.chrome.message == "already live")
        #expect(s.settings.at == nil)
    }

    @Test func aReplayCannotLookElsewhere() {
        var (s, _) = Self.demo()
        s.settings.offlineReason = "a replay shows one recorded time"
        #expect(Self.type("at -10m", into: &s) == [])
        #expect(s.chrome.message == "looking back is unavailable: a replay shows one recorded time")
        #expect(s.update(.key(.char("<"))) == [] && s.settings.at == nil)
    }

    @Test func aFailedLookKeepsTheMomentAndSaysWhy() {
        var (s, _) = Self.demo()
        let now = s.now
        _ = Self.type("at -50m", into: &s)
        _ = s.update(.refreshed(PollOutcome(result: .failure(SourceFailure(.unavailable, "the demo keeps one hour of data")), finishedAt: now, nextAttemptIn: 5)))
        #expect(s.chrome.message == nil, "the look's message gives way to its failure at once")
        let status = Self.statusLine(s)
        #expect(status.hasPrefix(" AT \(UTCTime.clock(now - 3000, today: now)) … "), "\(status)")
        #expect(status.contains("the demo keeps one hour of data"))
    }

    /// With a one-minute window, a step back that fails lands a minute from the data still on
    /// screen: the badge must still say that the data of that moment has not arrived.
    @Test func aFailedStepKeepsTheEllipsisWhileTheMapShowsTheTimeBefore() throws {
        var (s, source) = Self.demo()
        let now = s.now
        s.settings.windowSeconds = 60
        let first = s.update(.key(.char("<")))
        #expect(first == [.lookAt(now - 60), Self.traffic(s)])
        try Self.answer(first, from: source, into: &s)
        _ = s.update(.key(.char("x")))
        #expect(Self.statusLine(s).hasPrefix(" AT \(UTCTime.clock(now - 60, today: now))  "), "\(Self.statusLine(s))")
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 120)])
        _ = s.update(.refreshed(PollOutcome(result: .failure(SourceFailure(.unavailable, "the demo keeps one hour of data")), finishedAt: now, nextAttemptIn: 5)))
        _ = s.update(.key(.char("x")))
        let status = Self.statusLine(s)
        #expect(status.hasPrefix(" AT \(UTCTime.clock(now - 120, today: now)) … "), "the map is still of a minute later: \(status)")
    }
}

/// `:compare T` (issue 15): deltas on the edges with `m` cycling them, new and vanished
/// nodes marked, the table by the largest change, both values in the details panel.
@Suite struct CompareTests {
    static func compared(_ text: String = "compare -10m") throws -> (state: AppState, baseline: RefreshData) {
        var (s, source) = TimeTravelTests.demo()
        let commands = TimeTravelTests.type(text, into: &s)
        guard case .fetchBaseline(let at, let window, let id)? = commands.first else {
            Issue.record("no baseline asked for: \(commands)")
            throw CancellationError()
        }
        #expect(at == s.now - 600 && window == 300)
        let data = try source.refresh(RefreshRequest(windowSeconds: window, at: at))
        _ = s.update(.baselineFetched(BaselineOutcome(id: id, at: at, result: .success(data))))
        return (s, data)
    }

    @Test func edgesShowTheChangesTheDiffComputes() throws {
        let (s, baselineData) = try Self.compared()
        let baseline = ServiceMapBuilder.build(
            sample: baselineData.sample, traces: baselineData.traces, options: .init(grouping: s.settings.grouping),
            now: baselineData.time, windowSeconds: 300)
        let diff = SnapshotDiff.compare(baseline, ServiceMapBuilder.build(
            sample: s.feed.data!.sample, traces: s.feed.data!.traces, options: .init(grouping: s.settings.grouping),
            now: s.feed.data!.time, windowSeconds: 300))
        #expect(s.mapView.edgeLabels == .deltaRate)
        #expect(!diff.edges.isEmpty)
        for e in diff.edges {
            guard let edge = s.map.edge(EdgeKey(client: e.client, server: e.server)), let delta = e.figures.rate.delta else { continue }
            let label = EdgeLabelMode.deltaRate.label([edge], comparison: s.feed.comparison)
            #expect(label == (delta < 0 ? "-" : "+") + Formatting.rate(abs(delta)), "\(e.client) → \(e.server)")
        }
        #expect(s.render().line(0).contains("labels Δrate · group pod · vs \(UTCTime.clock(s.now - 600, today: s.now))"))
    }

    @Test func mCyclesTheChangesAndOffRestoresTheFigures() throws {
        var (s, _) = try Self.compared()
        var seen: [EdgeLabelMode] = [s.mapView.edgeLabels]
        for _ in 0..<3 {
            _ = s.update(.key(.char("m")))
            seen.append(s.mapView.edgeLabels)
        }
        #expect(seen == [.deltaRate, .deltaErrors, .deltaP95, .deltaRate])
        _ = TimeTravelTests.type("compare off", into: &s)
        #expect(s.feed.comparison == nil && s.mapView.edgeLabels == .rate && s.table.changes == nil)
        _ = s.update(.key(.char("m")))
        #expect(s.mapView.edgeLabels == .errors)
    }

    @Test func theTableSortsByTheLargestChange() throws {
        var (s, _) = try Self.compared()
        _ = s.update(.key(.char("t")))
        let rows = s.table.rows(of: s.map)
        let c = try #require(s.feed.comparison)
        let magnitudes = rows.map { c.magnitude($0.selection) }
        #expect(magnitudes == magnitudes.sorted(by: >))
        #expect(magnitudes.first! > 0)
    }

    @Test func detailsShowBeforeAndNowSideBySide() throws {
        var (s, _) = try Self.compared()
        let c = try #require(s.feed.comparison)
        let (key, figures) = try #require(c.edges.first { $0.value.rate.delta != nil })
        s.mapView.selection = .edge(key)
        let screen = (0..<s.screen.height).map { s.render().line($0) }.joined(separator: "\n")
        let before = Formatting.rate(figures.rate.before!), after = Formatting.rate(figures.rate.after!)
        #expect(screen.contains("rate   \(before) → \(after)"), "\(screen)")
        #expect(screen.contains("vs \(UTCTime.clock(c.at, today: s.now)) (server side): before → now"))
    }

    /// `:window` while comparing: the baseline is fetched again over the new window, and
    /// nothing is compared with the old window's figures meanwhile.
    @Test func aNewWindowFetchesTheBaselineAgain() throws {
        var (s, _) = try Self.compared()
        let at = try #require(s.feed.comparison).at
        let commands = TimeTravelTests.type("window 1m", into: &s)
        #expect(commands == [.setWindow(seconds: 60), .fetchBaseline(at: at, windowSeconds: 60, id: s.lastRequestID)])
        let c = try #require(s.feed.comparison)
        #expect(c.at == at && c.data == nil && c.edges.isEmpty)
        #expect(s.render().line(0).contains("vs \(UTCTime.clock(at, today: s.now)) …"))
        #expect(TimeTravelTests.type("refresh 10s", into: &s) == [.setRefresh(seconds: 10)], "the refresh interval changes no figure")
    }

    @Test func aBaselineThatCannotBeHadSaysWhy() {
        var (s, _) = TimeTravelTests.demo()
        let commands = TimeTravelTests.type("compare -2h", into: &s)
        guard case .fetchBaseline(let at, _, let id)? = commands.first else { Issue.record("\(commands)"); return }
        _ = s.update(.baselineFetched(BaselineOutcome(id: id, at: at, result: .failure(SourceFailure(.unavailable, "the demo keeps one hour of data")))))
        #expect(s.chrome.message == "cannot compare: the demo keeps one hour of data")
        #expect(s.render().line(0).contains("vs \(UTCTime.clock(at, today: s.now)) failed"))
        #expect(TimeTravelTests.type("compare soon", into: &s) == [])
        #expect(s.chrome.message?.hasPrefix("compare needs a time") == true)
    }
}

/// The scrub bar's curve (issue 15): one range query per look, at most one a minute, drawn
/// behind the bar; a source without one leaves the bar dashed and says why, once.
@Suite struct ScrubBarTrafficTests {
    /// The demo at simulated second 3000: fifty minutes of counters behind the moment.
    static func demo() -> (state: AppState, source: DemoSource) {
        DemoState.makeWithSource(width: 160, height: 48, at: 3000)
    }

    @Test func aLookAsksForTheCurveAndTheBarDrawsIt() throws {
        let (state, source) = Self.demo()
        var d = CommandDriver(state, source: source)
        let now = d.state.now
        d.answers = false
        d.type(":at -10m")
        d.press(.enter)
        let asked = d.pending.filter { if case .fetchTraffic = $0 { true } else { false } }
        #expect(asked == [.fetchTraffic(ScrubBar.request, id: d.state.lastRequestID)])
        d.answer()
        let curve = try #require(d.state.feed.traffic, "the demo's curve arrived")
        #expect(curve == (try source.traffic(ScrubBar.request)))

        _ = d.state.update(.key(.char("x")))
        let status = TimeTravelTests.statusLine(d.state)
        let bar = ScrubBar.text(at: now - 600, now: now, traffic: curve, glyphs: .unicode)
        #expect(status.contains(" " + bar + " "), "\(status)")
        // Fifty minutes of data: the first two cells are before the demo started.
        let cells = Array(bar.dropFirst(4).prefix(13)).map(String.init)
        #expect(cells.prefix(2) == ["╌", "╌"], "\(bar)")
        #expect(cells.dropFirst(2).filter { $0 != "◆" }.allSatisfy { Glyphs.unicode.sparks.contains($0) }, "\(bar)")
        #expect(cells[10] == "◆", "ten minutes ago is the tenth boundary: \(bar)")
    }

    @Test func stepsWithinAMinuteShareOneCurve() {
        var (s, _) = Self.demo()
        let now = s.now
        #expect(s.update(.key(.char("<"))).count == 2)
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 600)])
        _ = s.update(.tick(now: now + 59))
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 900)], "59 s later the curve still serves")
        _ = s.update(.tick(now: now + 60))
        #expect(s.update(.key(.char("<"))) == [.lookAt(now - 1200), .fetchTraffic(ScrubBar.request, id: s.lastRequestID)])
        #expect(s.update(.key(.char(">"))) == [.lookAt(now - 900)])
        _ = s.update(.tick(now: now + 200))
        _ = s.update(.key(.char("x")))
        #expect(TimeTravelTests.type("live", into: &s) == [.lookAt(nil)], "live needs no curve")
    }

    @Test func anAnswerToAnOlderRequestIsIgnored() throws {
        var (s, source) = Self.demo()
        _ = s.update(.key(.char("<")))
        let old = s.lastRequestID
        _ = s.update(.tick(now: s.now + 60))
        _ = s.update(.key(.char("<")))
        let curve = try source.traffic(ScrubBar.request)
        _ = s.update(.trafficFetched(TrafficOutcome(id: old, result: .success(curve))))
        #expect(s.feed.traffic == nil)
        _ = s.update(.trafficFetched(TrafficOutcome(id: s.lastRequestID, result: .success(curve))))
        #expect(s.feed.traffic == curve)
    }

    @Test func aSourceWithoutACurveLeavesTheBarDashedAndSaysWhyOnce() {
        var (s, _) = Self.demo()
        let now = s.now
        let refusal = SourceFailure(.unavailable, "the traffic curve needs Prometheus; this source has only Tempo")
        _ = s.update(.key(.char("<")))
        _ = s.update(.trafficFetched(TrafficOutcome(id: s.lastRequestID, result: .failure(refusal))))
        #expect(s.chrome.message == "no traffic curve behind the scrub bar: " + refusal.message)
        _ = s.update(.key(.char("x")))
        #expect(TimeTravelTests.statusLine(s).contains(" -1h " + String(repeating: "╌", count: 11) + "◆╌ now "), "\(TimeTravelTests.statusLine(s))")

        _ = s.update(.tick(now: now + 61))
        _ = s.update(.key(.char("<")))
        _ = s.update(.trafficFetched(TrafficOutcome(id: s.lastRequestID, result: .failure(refusal))))
        #expect(s.chrome.message != "no traffic curve behind the scrub bar: " + refusal.message, "said once")
    }
}
