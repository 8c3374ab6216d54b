import Testing
import SonicMapCore
@testable import SonicMapUI

/// Each view's model carries out its own keys and asks the app, with `ViewEffect`s, only
/// for what the views share; the app pages lists by the rows the views draw.
@Suite struct ViewModelTests {
    static let screen = ScreenLayout(width: 99, height: 20)

    @Test func mapDrillsIntoTheSelectionAndLeavesRegroupingToTheApp() {
        let s = DemoState.make(width: 99, height: 20)
        var m = s.mapView
        #expect(m.update(.open, map: s.map, screen: Self.screen).isEmpty, "nothing selected, nothing to open")
        m.selection = .node(s.map.nodes[0].id)
        #expect(m.update(.open, map: s.map, screen: Self.screen) == [.drillIn(.node(s.map.nodes[0].id))])
        let before = m
        #expect(m.update(.regroup, map: s.map, screen: Self.screen) == [.regroup])
        #expect(m == before, "regrouping changes the shared map, so the app does it")
        #expect(m.update(.cycleEdgeLabels, map: s.map, screen: Self.screen) == [.say("edge labels: errors")])
        #expect(m.edgeLabels == .errors)
    }

    @Test func tableClearsItsFilterBeforeAskingForTheMap() {
        let s = DemoState.make(width: 99, height: 20)
        var t = TableState()
        t.filter = "triton"
        #expect(t.update(.back, map: s.map, screen: Self.screen).isEmpty)
        #expect(t.filter.isEmpty)
        #expect(t.update(.back, map: s.map, screen: Self.screen) == [.show(.map)])
        let first = t.rows(of: s.map)[0].selection
        #expect(t.update(.open, map: s.map, screen: Self.screen) == [.drillIn(first)])
    }

    @Test func requestsAskForSearchesAndSayWhenThereIsNoNewerPage() throws {
        let s = DemoState.make(width: 99, height: 20)
        let traces = try #require(s.feed.data?.traces)
        var r = TracesState(selection: nil, map: s.map, refreshTraces: traces, windowStart: 0, windowEnd: s.map.time)
        #expect(r.update(.newerPage, map: s.map, visible: 5) == [.say("this is the newest page")])
        #expect(r.update(.searchAgain, map: s.map, visible: 5) == [.search(older: false)])
        #expect(r.update(.olderPage, map: s.map, visible: 5) == [.search(older: true)], "no older page held yet")
        #expect(r.update(.open, map: s.map, visible: 5) == [.openTrace(r.rows[0].traceID)])
        #expect(r.update(.back, map: s.map, visible: 5) == [.back])
    }

    @Test func timelineEscUndoesTheZoomBeforeLeaving() throws {
        let s = DemoState.make(width: 99, height: 20)
        let trace = try #require(s.feed.data?.traces.max { $0.spans.count < $1.spans.count })
        var t = TimelineState(trace: trace)
        #expect(t.update(.zoom, screen: Self.screen).isEmpty)
        #expect(t.zoom != nil)
        #expect(t.update(.back, screen: Self.screen).isEmpty)
        #expect(t.zoom == nil)
        #expect(t.update(.back, screen: Self.screen) == [.back])
        #expect(t.update(.details, screen: Self.screen).isEmpty && t.showDetails)
        #expect(t.updateDetails(.back).isEmpty && !t.showDetails)
    }

    @Test func tablePagesByTheRowsItDraws() throws {
        var s = DemoState.make(width: 99, height: 20)
        _ = s.update(.key(.char("t")))
        let count = s.table.rows(of: s.map).count
        try #require(count > s.screen.tableRows, "the demo has more edges than fit")
        let frame = s.render()
        // Every row shows its rate (`80.6/s`); nothing else on screen does.
        let drawn = (0..<frame.height).map { frame.line($0) }.filter { $0.contains("/s ") }
        #expect(drawn.count == s.screen.tableRows)
        _ = s.update(.key(.pageDown))
        #expect(s.table.selectedRow == s.screen.tableRows)
    }
}
