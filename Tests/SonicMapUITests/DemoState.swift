import SonicMapCore
import SonicMapSources
import SonicMapUI

/// App states built from the demo simulator at a fixed simulated time.
enum DemoState {
    static func make(width: Int, height: Int, at: Double = 120, options: DemoOptions = DemoOptions(), ascii: Bool = false) -> AppState {
        makeWithSource(width: width, height: height, at: at, options: options, ascii: ascii).state
    }

    /// The state and the demo source behind it, to answer the searches and fetches the state asks for.
    static func makeWithSource(width: Int, height: Int, at: Double = 120, options: DemoOptions = DemoOptions(), ascii: Bool = false) -> (state: AppState, source: DemoSource) {
        let source = DemoSource(options: options) { at }
        var state = AppState(settings: Settings(glyphs: ascii ? .ascii : .unicode, frozenClock: true), sourceSummary: source.summary)
        _ = state.update(.resize(width: width, height: height))
        let data = try! source.refresh(RefreshRequest(windowSeconds: 300))
        _ = state.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
        return (state, source)
    }
}
