import Testing
import SonicMapCore
@testable import SonicMapUI

/// Node borders, edge lines and error cells take their colours from the configured thresholds.
@Suite struct HealthColourTests {
    /// The role of the top-left corner of a node's box on screen.
    func borderRole(_ s: AppState, _ id: String) throws -> Role {
        let box = try #require(s.mapView.layout.boxes[id])
        let o = s.mapView.origin(on: s.screen)
        return s.render()[box.x + o.x, box.y + o.y].role
    }

    @Test func throttledPodTurnsWithTheThresholds() throws {
        var s = DemoState.make(width: 160, height: 48)
        let pod = try #require(s.map.nodes.first { $0.id.hasSuffix("b658d") }).id
        #expect(try borderRole(s, pod) == .healthBad, "9% errors (Triton's own counters) are critical by default")
        s.settings.health = HealthThresholds(errorWarning: 0.05, errorCritical: 0.5, p95Warning: 1, p95Critical: 60)
        #expect(try borderRole(s, pod) == .healthWarn)
        s.settings.health = HealthThresholds(errorWarning: 0.5, errorCritical: 0.9, p95Warning: 30, p95Critical: 60)
        #expect(try borderRole(s, pod) == .healthOK)
    }

    @Test func edgeLinesIntoAnUnhealthyPodAreColoured() throws {
        var s = DemoState.make(width: 160, height: 48)
        let bad = s.render().cells.filter { $0.role == .healthBad }.count
        s.settings.health = HealthThresholds(errorWarning: 0.5, errorCritical: 0.9, p95Warning: 30, p95Critical: 60)
        let relaxed = s.render().cells.filter { $0.role == .healthBad }.count
        #expect(relaxed == 0)
        #expect(bad > 2 * 24, "more than the box of the throttled pod is red: its edge and label too")
    }
}
