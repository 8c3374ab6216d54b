import Glibc
import SonicMapUI
import Testing
@testable import SonicMapTerminal

@Suite struct LoopPartsTests {
    @Test func wakePipeCoalescesSignals() throws {
        let wake = try WakePipe()
        #expect(!wake.drain())
        for _ in 0..<100_000 { wake.signal() }
        #expect(wake.drain())
        #expect(!wake.drain())
    }

    @Test func signalExitStatus() {
        #expect(SignalTrap.exitStatus(for: SIGINT) == 130)
        #expect(SignalTrap.exitStatus(for: SIGTERM) == 143)
        #expect(SignalTrap.exitStatus(for: SIGHUP) == 129)
        #expect(SignalTrap.exitStatus(for: SIGWINCH) == nil)
    }

    @Test func changedCellsIncludeWideGraphemesWhoseRightHalfChanged() {
        var old = Canvas(width: 4, height: 1)
        old.put("ab", x: 0, y: 0, role: .text)
        var new = old
        #expect(!ScreenPainter.changed(at: 0, x: 0, old: old, new: new))
        new.put("漢", x: 2, y: 0, role: .text)
        #expect(ScreenPainter.changed(at: 2, x: 2, old: old, new: new))
        #expect(!ScreenPainter.changed(at: 1, x: 1, old: old, new: new))
        new.put("b", x: 1, y: 0, role: .error)
        #expect(ScreenPainter.changed(at: 1, x: 1, old: old, new: new))
    }
}
