import Foundation
import Testing
@testable import SonicMapCore

/// `sonicmap diff`: the changes between two hand-made snapshots, as values, JSON and text.
@Suite struct SnapshotDiffTests {
    /// The fixture's snapshot, then the same deployment later: the edge's rate doubles,
    /// errors rise, the p95 leaves its bucket bound, and one Triton pod is replaced.
    static func pair() -> (Snapshot, Snapshot) {
        let before = SnapshotFixture.make()
        var after = SnapshotFixture.make(serverName: "supersonic-triton-74c49fcf8-new01")
        let old = before.edges[0]
        var edge = old
        edge.server = before.nodes[1].id
        edge.rate = 8
        edge.errorRatio = 0.5
        edge.serverLatency = SnapshotLatency(p50: 50, p95: 300, p99: 390, avg: 100)
        after.edges.append(edge)
        after.nodes.append(before.nodes[1])
        return (before, after)
    }

    @Test func edgesInBothCarryBeforeAfterAndDelta() throws {
        let (before, after) = Self.pair()
        let diff = SnapshotDiff.compare(before, after)
        let edge = try #require(diff.edges.first { $0.server == before.edges[0].server })
        #expect(edge.figures.rate == FigureChange(before: 4, after: 8))
        #expect(edge.figures.rate.delta == 4)
        #expect(edge.figures.errorRatio.delta == 0.25)
        #expect(edge.figures.p95Ms.before == 400 && edge.figures.p95Ms.beforeBound == .above)
        #expect(edge.figures.p95Ms.after == 300 && edge.figures.p95Ms.afterBound == nil)
        #expect(edge.figures.p95Ms.delta == -100)
    }

    @Test func podsThatAppearedOrVanishedAreListed() {
        let (before, after) = Self.pair()
        let reversed = SnapshotDiff.compare(after, before)
        let diff = SnapshotDiff.compare(before, after)
        #expect(diff.added == [.node(id: "supersonic-triton-74c49fcf8-new01", role: .triton),
                               .edge(client: "supersonic-envoy-5d8f9c7b6-k2x7p", server: "supersonic-triton-74c49fcf8-new01")])
        #expect(diff.removed.isEmpty)
        #expect(reversed.removed == diff.added)
        #expect(reversed.added.isEmpty)
    }

    @Test func nodesCompareTheSideThatCarriesTraffic() throws {
        let (before, after) = Self.pair()
        let diff = SnapshotDiff.compare(before, after)
        let envoy = try #require(diff.nodes.first { $0.role == .envoy })
        #expect(envoy.side == .outgoing)
        #expect(envoy.figures.rate == FigureChange(before: 4, after: 4))
        let triton = try #require(diff.nodes.first { $0.role == .triton })
        #expect(triton.side == .incoming)
    }

    @Test func largestRelativeChangeComesFirst() {
        var (before, after) = Self.pair()
        var quiet = before.edges[0]
        quiet.server = "quiet"
        before.edges.append(quiet)
        quiet.rate = 4.1
        after.edges.append(quiet)
        let diff = SnapshotDiff.compare(before, after)
        #expect(diff.edges.map(\.server) == [before.edges[0].server, "quiet"])
        #expect(diff.edges[0].figures.magnitude > diff.edges[1].figures.magnitude)
    }

    @Test func jsonHoldsTheTwoFilesNumbersExactly() throws {
        let (before, after) = Self.pair()
        let diff = SnapshotDiff.compare(before, after)
        let text = SnapshotDiffJSON.render(
            diff, before: .init(name: "a.json", dataTime: before.meta.dataTime), after: .init(name: "b.json", dataTime: after.meta.dataTime))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let edges = try #require(doc["edges"] as? [[String: Any]])
        let edge = try #require(edges.first { $0["server"] as? String == before.edges[0].server })
        let rate = try #require(edge["rate"] as? [String: Any])
        #expect(rate["before"] as? Double == before.edges[0].rate)
        #expect(rate["after"] as? Double == 8)
        #expect(rate["delta"] as? Double == 4)
        let p95 = try #require(edge["p95Ms"] as? [String: Any])
        #expect((p95["bounds"] as? [String: String]) == ["before": ">"])
        let p99 = try #require(edge["p99Ms"] as? [String: Any])
        #expect(p99["after"] as? Double == 390)
        let added = try #require(doc["added"] as? [[String: Any]])
        #expect(added.map { $0["kind"] as? String } == ["node", "edge"])
        #expect((doc["before"] as? [String: Any])?["dataTime"] as? Double == before.meta.dataTime)
    }

    @Test func textTableIsPlainUnlessColourIsAskedAndCleansNames() {
        var (before, after) = Self.pair()
        after.nodes[1].label = SnapshotFixture.hostile
        let diff = SnapshotDiff.compare(before, after)
        let origin = (SnapshotDiffText.Origin(name: "a.json", dataTime: before.meta.dataTime), SnapshotDiffText.Origin(name: "b.json", dataTime: after.meta.dataTime))
        let labels = Dictionary(after.nodes.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        let plain = SnapshotDiffText.render(diff, before: origin.0, after: origin.1, labels: labels, colour: false)
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.contains("added:\n  node "))
        #expect(plain.contains("4.00/s → 8.00/s +100%"))
        #expect(plain.contains("25% → 50% +25.0pt"))
        #expect(plain.contains(">400ms → 300ms"))
        let coloured = SnapshotDiffText.render(diff, before: origin.0, after: origin.1, labels: labels, colour: true)
        #expect(coloured.contains("\u{1B}[31m25% → 50% +25.0pt\u{1B}[0m"), "more errors is worse: red")
        #expect(coloured.contains("\u{1B}[32m>400ms → 300ms\u{1B}[0m"), "a lower p95 is better: green")
        #expect(coloured.filter { $0 == "\u{1B}" }.count % 2 == 0)
        #expect(!coloured.contains("\u{1B}]0;"), "span text's escape sequences are removed")
    }

    /// The sort takes all five figures, so the table prints all five; a terminal too narrow
    /// for them gets p95 alone and two lines saying what is left out and how rows are sorted.
    @Test func everyQuantileIsPrintedUnlessTheTerminalIsTooNarrow() throws {
        let (before, after) = Self.pair()
        let diff = SnapshotDiff.compare(before, after)
        let origin = (SnapshotDiffText.Origin(name: "a.json", dataTime: before.meta.dataTime), SnapshotDiffText.Origin(name: "b.json", dataTime: after.meta.dataTime))
        let render = { (width: Int?) in SnapshotDiffText.render(diff, before: origin.0, after: origin.1, labels: [:], colour: false, width: width) }
        let full = render(nil)
        let header = try #require(full.split(separator: "\n").first { $0.hasPrefix("EDGE") })
        #expect(header.split(separator: " ") == ["EDGE", "RATE", "ERRORS", "P50", "P95", "P99"])
        let widest = full.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
        #expect(render(widest) == full, "a terminal as wide as the table gets all of it")

        let narrow = render(widest - 1)
        let narrowHeader = try #require(narrow.split(separator: "\n").first { $0.hasPrefix("EDGE") })
        #expect(narrowHeader.split(separator: " ") == ["EDGE", "RATE", "ERRORS", "P95"])
        #expect(narrow.hasSuffix("""
            P50 and P99 are left out to fit \(widest - 1) columns; a pipe or --format json has them.
            Rows are sorted by the largest change of all five figures.

            """))
    }
}
