import Testing
import SonicMapCore
@testable import SonicMapUI

/// A node's numbers as its box on the map and its row in the table print them: whole, and
/// the same figures (issue 11: the map and table agree with the snapshot).
@Suite struct NodeFiguresTests {
    /// An Envoy pod whose own timer puts its p95 in the 250–500 ms bucket (printed as the
    /// range, with Envoy's side marker); its own counters say 5 % failed, the service
    /// graph's client side 8.6 %.
    func envoyNode(rate: Double) -> MapNode {
        let p95 = QuantileEstimate(value: 0.3855, bound: nil, range: BucketRange(lower: 0.25, upper: 0.5))
        let exact = QuantileEstimate(value: 0.03, bound: nil)
        let latency = LatencyStats(
            p50: exact, p95: p95, p99: p95, averageSeconds: 0.08, histogram: nil, source: .classic, side: .envoy, origin: .envoyMetrics)
        return MapNode(
            id: "supersonic-envoy-58b98b5568-9ww7h", label: "envoy-9ww7h", role: .envoy, members: ["supersonic-envoy-58b98b5568-9ww7h"],
            outgoing: TrafficStats(rate: rate, failedRate: rate * 0.086, latency: latency),
            ownRate: SourcedRate(rate: rate, failedRate: rate * 0.05, source: .envoyMetrics))
    }

    /// The numbers line of the node's box, `width` columns wide.
    func numbersLine(width: Int, rate: Double) -> String {
        let node = envoyNode(rate: rate)
        let state = DemoState.make(width: 120, height: 40)
        var canvas = Canvas(width: width, height: 4)
        let box = Rect(x: 0, y: 0, width: width, height: 4)
        MapView.drawNode(node, in: box, state: state, canvas: &canvas, clip: box)
        return canvas.line(2)
    }

    /// A rate cut short by the p95 drawn over it (`2.9env 250–500ms` for 2.95/s) would be a false number.
    @Test func aRateIsNeverCutShortByTheLatency() {
        // 16 columns inside: "2.95/s" and "env 250–500ms" need 20 with a space.
        let line = numbersLine(width: 18, rate: 2.95)
        #expect(line.contains("2.95/s"), "\(line)")
        #expect(!line.contains("250–500ms"), "the range does not fit beside the whole rate: \(line)")
    }

    @Test func bothFitAndAreShownWithTheSide() {
        let line = numbersLine(width: 27, rate: 2.95)
        #expect(line.contains("2.95/s") && line.contains("env p95 250–500ms"), "\(line)")
        let narrower = numbersLine(width: 22, rate: 2.95)
        #expect(narrower.contains("2.95/s") && narrower.contains("env 250–500ms"), "\(narrower)")
    }

    /// The table's SUCCESS is the complement of the error ratio the box shows (Envoy's own
    /// counters, the source of its RPS too), not the service graph's.
    @Test func theTableRowShowsTheBoxesErrorRatio() {
        let row = TableRowFigures(envoyNode(rate: 2.95)).cells(name: "envoy", thresholds: .standard)
        #expect(row[1].text == "2.95/s")
        #expect(row[2].text == "95%", "1 − 5 % (Envoy's own counters), not 1 − 8.6 %: \(row[2].text)")
    }
}
