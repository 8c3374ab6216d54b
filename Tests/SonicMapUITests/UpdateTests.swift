import Testing
import SonicMapCore
import SonicMapSources
@testable import SonicMapUI

@Suite struct UpdateTests {
    @Test func tabCyclesThroughNodesThenEdgesAndBack() {
        var s = DemoState.make(width: 160, height: 48)
        var seen: [Selection] = []
        let total = s.map.nodes.count + s.map.edges.count
        for _ in 0..<total {
            _ = s.update(.key(.tab))
            seen.append(s.mapView.selection!)
        }
        #expect(Set(seen).count == total)
        #expect(seen.prefix(s.map.nodes.count).allSatisfy { if case .node = $0 { true } else { false } })
        _ = s.update(.key(.tab))
        #expect(s.mapView.selection == seen.first)
        _ = s.update(.key(.backTab))
        #expect(s.mapView.selection == seen.last)
    }

    @Test func edgeDetailsNameClientAndServer() {
        var s = DemoState.make(width: 160, height: 48)
        let edge = s.map.edges.first { !$0.isOrphanEdge && $0.key.client.contains("envoy") }!
        s.mapView.selection = .edge(edge.key)
        let text = s.render()
        let rows = (0..<text.height).map { text.line($0) }
        #expect(rows.contains { $0.contains(edge.key.client) || $0.contains(edge.key.server) })
        #expect(rows.contains { $0.contains("→") })
    }

    @Test func arrowsMoveBetweenNeighbours() {
        var s = DemoState.make(width: 160, height: 48)
        _ = s.update(.key(.char("j")))
        guard case .node(let first)? = s.mapView.selection else { Issue.record("no selection"); return }
        _ = s.update(.key(.char("l")))
        guard case .node(let right)? = s.mapView.selection else { Issue.record("no selection"); return }
        #expect(right != first)
        #expect(s.map.edges.contains { $0.key.client == first && $0.key.server == right })
        _ = s.update(.key(.char("h")))
        guard case .node(let back)? = s.mapView.selection else { Issue.record("no selection"); return }
        #expect(s.map.edges.contains { $0.key.client == back && $0.key.server == right })
        _ = s.update(.key(.char("j")))
        #expect(s.mapView.selection != .node(back))
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var s = DemoState.make(width: 80, height: 24)
        _ = s.update(.key(.char("?")))
        #expect(s.chrome.showHelp)
        _ = s.update(.key(.char("x")))
        #expect(!s.chrome.showHelp)
    }

    @Test func qQuitsWithZero() {
        var s = DemoState.make(width: 80, height: 24)
        #expect(s.update(.key(.char("q"))) == [.quit(exitCode: 0)])
    }

    /// A failed refresh keeps the last good map and marks it stale with the reason, whose
    /// kind the client gave survives to the status.
    @Test func failedRefreshKeepsDataAndShowsError() {
        var s = DemoState.make(width: 120, height: 40)
        let nodes = s.map.nodes.count
        let refused = HTTPError.cannotConnect(url: "http://127.0.0.1:9", reason: "connection refused")
        _ = s.update(.refreshed(PollOutcome(result: .failure(SourceFailure(refused)), finishedAt: s.now + 10, nextAttemptIn: 10)))
        #expect(s.map.nodes.count == nodes)
        #expect(s.isStale)
        #expect(s.status.lastError == SourceFailure(.unreachable, refused.description))
        let status = s.render().line(39)
        #expect(status.contains("STALE"))
        #expect(status.contains("connection refused"))
    }

    /// Part of a refresh failed: the map keeps what worked and the status line says what did not.
    @Test func partialFailureWarningsReachTheStatusLine() {
        var s = DemoState.make(width: 120, height: 40)
        var data = s.feed.data!
        data.warnings = ["tempo: connection refused", "prometheus: 2 queries failed"]
        _ = s.update(.refreshed(PollOutcome(result: .success(data), finishedAt: s.now + 5, nextAttemptIn: 5)))
        let status = s.render().line(39)
        #expect(status.contains("tempo: connection refused (+1 more)"))
        #expect(!s.map.nodes.isEmpty)
    }

    @Test func groupingCyclesAndMergesPods() {
        var s = DemoState.make(width: 160, height: 48)
        _ = s.update(.key(.char("g")))
        #expect(s.settings.grouping == .deployment)
        // Six pods of the current ReplicaSet and the draining one of the old: one deployment.
        #expect(s.map.nodes.contains { $0.id == "supersonic-triton" && $0.members.count == 7 })
        #expect(s.map.nodes.contains { $0.id == "supersonic-envoy" && $0.members.count == 2 })
        _ = s.update(.key(.char("g")))
        #expect(s.settings.grouping == .role)
        #expect(s.map.nodes.contains { $0.id == "triton" && $0.members.count == 7 })
    }

    @Test func clickSelectsTheBoxUnderTheMouse() {
        var s = DemoState.make(width: 160, height: 48)
        let (id, box) = s.mapView.layout.boxes.first { $0.key.contains("envoy") }!
        let o = s.mapView.origin(on: s.screen)
        _ = s.update(.mouse(MouseEvent(.press, x: box.x + o.x + 2, y: box.y + o.y + 1)))
        #expect(s.mapView.selection == .node(id))
        #expect(s.mode == .map)
        _ = s.update(.mouse(MouseEvent(.doubleClick, x: box.x + o.x + 2, y: box.y + o.y + 1)))
        #expect(s.mode == .traces)
    }
}

@Suite struct TableAndCommandTests {
    func type(_ s: inout AppState, _ text: String) {
        for c in text { _ = s.update(.key(.char(c))) }
    }

    @Test func tableSortsByAnyColumnAndFilters() {
        var s = DemoState.make(width: 160, height: 48)
        _ = s.update(.key(.char("t")))
        #expect(s.mode == .table)
        let byRate = s.table.rows(of: s.map)
        #expect(byRate.count == s.map.edges.count)
        let rates = byRate.map(\.key)
        #expect(rates == rates.sorted(by: >))
        _ = s.update(.key(.char("S")))
        #expect(s.table.rows(of: s.map).map(\.key) == rates.sorted())
        _ = s.update(.key(.char("s")))
        #expect(s.table.sortColumn == 2)
        _ = s.update(.key(.char("/")))
        type(&s, "b658d")
        _ = s.update(.key(.enter))
        let filtered = s.table.rows(of: s.map)
        #expect(!filtered.isEmpty && filtered.allSatisfy { $0.name.contains("b658d") })
        _ = s.update(.key(.enter))
        #expect(s.mode == .traces)
        if case .edge(let k)? = s.mapView.selection { #expect(k.description.contains("b658d")) } else { Issue.record("no edge selected") }
        _ = s.update(.key(.escape))
        #expect(s.mode == .table)
    }

    @Test func commandLineChangesWindowAndGroupingWithHistory() {
        var s = DemoState.make(width: 120, height: 40)
        _ = s.update(.key(.char(":")))
        type(&s, "win")
        _ = s.update(.key(.tab))
        #expect(s.chrome.input?.text == "window ")
        type(&s, "15m")
        #expect(s.update(.key(.enter)) == [.setWindow(seconds: 900)])
        #expect(s.settings.windowSeconds == 900)
        _ = s.update(.key(.char(":")))
        type(&s, "group deployment")
        _ = s.update(.key(.enter))
        #expect(s.settings.grouping == .deployment)
        _ = s.update(.key(.char(":")))
        _ = s.update(.key(.up))
        #expect(s.chrome.input?.text == "group deployment")
        _ = s.update(.key(.up))
        #expect(s.chrome.input?.text == "window 15m")
        _ = s.update(.key(.escape))
        #expect(s.chrome.input == nil)
        _ = s.update(.key(.char(":")))
        type(&s, "frobnicate")
        _ = s.update(.key(.enter))
        #expect(s.chrome.message?.contains("unknown command") == true)
        _ = s.update(.key(.char(":")))
        type(&s, "q")
        #expect(s.update(.key(.enter)) == [.quit(exitCode: 0)])
    }
}

@Suite struct EdgeLabelTests {
    @Test func mCyclesEdgeLabelModes() {
        var s = DemoState.make(width: 160, height: 48)
        var seen: [EdgeLabelMode] = [s.mapView.edgeLabels]
        let figures = EdgeLabelMode.allCases.filter { !$0.isDelta }
        for _ in 0..<figures.count {
            _ = s.update(.key(.char("m")))
            seen.append(s.mapView.edgeLabels)
        }
        #expect(Set(seen) == Set(figures), "changes need :compare")
        #expect(seen.last == .rate)
        let slow = s.map.edges.filter { $0.key.server.hasSuffix("b658d") && $0.key.client.contains("envoy") }
        s.mapView.edgeLabels = .p95
        #expect(EdgeLabelMode.p95.label(slow)?.isEmpty == false)
        #expect(EdgeLabelMode.errors.label(slow)?.hasSuffix("%") == true)
        #expect(EdgeLabelMode.gap.label(slow)?.first == "+" || EdgeLabelMode.gap.label(slow)?.first == "-")
        #expect(s.render().line(0).contains("labels p95"))
    }
}
