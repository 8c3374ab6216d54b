import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapExport
import SonicMapSources
import SonicMapTerminal
import SonicMapUI

/// `sonicmap demo`: the map of a simulated SuperSONIC deployment.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show the map of a built-in simulated SuperSONIC deployment.",
        discussion: """
            Simulates 2 Envoy pods and 6 Triton pods (plus one draining pod of an older \
            ReplicaSet) serving 3 models under a load with bursts, one pod with a \
            throttled GPU, occasional gRPC UNAVAILABLE errors and 1% Envoy sampling. \
            It produces the spans and service-graph metrics the real servers would.

            With --once it prints one plain-text frame after --at seconds of simulated \
            time and exits: no terminal needed, and the same seed gives the same bytes.
            """
    )

    @OptionGroup(title: "Simulation") var demo: DemoFlags
    @OptionGroup(title: "Display") var display: DisplayFlags

    @Flag(help: "Print one plain-text frame and exit.")
    var once = false

    @Option(help: "Frame width for --once.")
    var width: Int = 120

    @Option(help: "Frame height for --once.")
    var height: Int = 40

    @Option(help: "Simulated seconds before the --once frame.")
    var at: Double = 120

    func validate() throws {
        guard (1...1000).contains(width), (1...1000).contains(height) else {
            throw ValidationError("--width and --height must be between 1 and 1000.")
        }
        guard at >= 0, at <= 86_400 else { throw ValidationError("--at must be between 0 and 86400 seconds.") }
    }

    func run() throws {
        if once {
            try StandardOutput.write(OnceFrame.demo(demo.options, display: display, at: at, width: width, height: height))
            return
        }
        let source = DemoSource.live(options: demo.options)
        try InteractiveRunner.run(source: source, display: display, sources: SnapshotSources(demo: source.snapshotSource))
    }
}

/// One frame rendered without a terminal, exactly as the interactive view would draw it.
enum OnceFrame {
    static func demo(_ options: DemoOptions, display: DisplayFlags, at: Double, width: Int, height: Int) -> String {
        TextRenderer.plain(state(DemoSource(options: options) { at }, display: display, width: width, height: height).render())
    }

    /// The app after one refresh of `source` at a fixed size, with the clock frozen at
    /// the data's time (so frames are reproducible). A failed refresh leaves the error
    /// on the status line.
    /// - Parameters:
    ///   - at: the time looked back at (Unix seconds), nil for now. The status line then
    ///     says `AT` with the scrub bar, whose "now" is `now`.
    ///   - traffic: whether to fetch the scrub bar's curve (one range query) when looking
    ///     back, for a format that draws the status line; without one the bar is dashed.
    static func state(
        _ source: MapSource, display: DisplayFlags, width: Int, height: Int, config: EffectiveConfig? = nil, at: Double? = nil,
        now: Double = 0, traffic: Bool = false
    ) -> AppState {
        var settings = display.settings(utf8: TerminalLocale.activate(), frozenClock: true, config: config)
        settings.at = at
        var state = AppState(settings: settings, sourceSummary: source.summary)
        _ = state.update(.resize(width: width, height: height))
        if case .refreshed(let result) = source.answer(.refresh(RefreshRequest(windowSeconds: settings.windowSeconds, at: at))) {
            let finishedAt = (try? result.get())?.time ?? 0
            _ = state.update(.refreshed(PollOutcome(result: result, finishedAt: finishedAt, nextAttemptIn: settings.refreshSeconds)))
        }
        guard at != nil else { return state }
        _ = state.update(.tick(now: max(state.now, now)))
        for case .fetchTraffic(let request, let id) in state.begin() where traffic {
            // A source without a curve leaves the bar dashed; its reason is no news in a file.
            if case .trafficFetched(let outcome) = source.answer(.traffic(request, id: id)), case .success = outcome.result {
                _ = state.update(.trafficFetched(outcome))
            }
        }
        return state
    }
}
