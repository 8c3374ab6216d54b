import Testing
import SonicMapCore
import SonicMapSources
@testable import SonicMapUI

/// A clock the test moves by hand, read by the code under test.
final class ManualClock: Sendable {
    private let time: Locked<Double>

    init(now: Double = 1_767_225_600) { time = Locked(now) }

    var now: Double {
        get { time.withLockedValue { $0 } }
        set { time.withLockedValue { $0 = newValue } }
    }
}

@Suite struct AppControllerTests {
    func makeController(_ clock: ManualClock, pending: @escaping () -> [PollOutcome]) -> AppController {
        let state = AppState(settings: Settings(), sourceSummary: "demo")
        return AppController(state: state, themes: ["default": .builtinDefault], drain: { pending().map(AppEvent.refreshed) }, perform: { _ in }, clock: { clock.now })
    }

    /// A clock tick redraws only the status line, and that shortcut gives exactly the
    /// frame a full render would.
    @Test func tickFrameEqualsFullRender() throws {
        let clock = ManualClock()
        let source = DemoSource(options: DemoOptions()) { 120 }
        let data = try source.refresh(RefreshRequest(windowSeconds: 300))
        var outbox = [PollOutcome(result: .success(data), finishedAt: clock.now, nextAttemptIn: 5)]
        let app = makeController(clock) { defer { outbox = [] }; return outbox }
        app.resized(width: 120, height: 40)
        #expect(app.woke())
        let first = app.render(width: 120, height: 40)
        #expect(first.line(39).contains("age 0s"))
        clock.now += 1.2
        #expect(app.tick())
        let ticked = app.render(width: 120, height: 40)
        #expect(ticked == app.state.render())
        #expect(ticked.line(39).contains("age 1s"))
        #expect(ticked.line(5) == first.line(5))
        // Nothing changed within the same second: no redraw asked for.
        clock.now += 0.3
        #expect(!app.tick())
        #expect(app.secondsUntilTick != nil)
    }

    @Test func quitKeyEndsTheLoop() {
        let app = makeController(ManualClock()) { [] }
        app.resized(width: 80, height: 24)
        #expect(app.handle(key: .char("j")) == .keepRunning)
        #expect(app.handle(key: .char("q")) == .quit(exitCode: 0))
    }

    @Test func themeFollowsTheCommandBar() {
        let app = AppController(
            state: AppState(settings: Settings(), sourceSummary: "x"), themes: ["default": .builtinDefault, "mono": Theme.builtinDefault.monochrome],
            drain: { [] }, perform: { _ in }, clock: { 0 })
        app.resized(width: 80, height: 24)
        for k in ":theme mono" { _ = app.handle(key: .char(k)) }
        _ = app.handle(key: .enter)
        #expect(app.theme == Theme.builtinDefault.monochrome)
    }
}
