import ArgumentParser
import SonicMapCore
import SonicMapUI

extension Grouping: ExpressibleByArgument {}

/// Options of the interactive map.
struct DisplayFlags: ParsableArguments {
    @Option(help: "Time window rates and quantiles are taken over (30s, 5m, 1h).")
    var window: String = "5m"

    @Option(help: "Refresh interval (5s, 1m).")
    var refresh: String = "5s"

    @Option(help: "Declare the tracing sampling rate (0…1) to see estimated true rates, marked ~.")
    var samplingRate: Double?

    @Option(help: "Group nodes by pod, deployment or role.")
    var group: Grouping = .pod

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    func validate() throws {
        guard let w = Formatting.parseInterval(window), w >= 10 else {
            throw ValidationError("--window '\(window)' is not a duration of at least 10s (try 5m).")
        }
        guard let r = Formatting.parseInterval(refresh), r >= 1 else {
            throw ValidationError("--refresh '\(refresh)' is not a duration of at least 1s (try 5s).")
        }
        _ = (w, r)
        if let p = samplingRate, !(p > 0 && p <= 1) {
            throw ValidationError("--sampling-rate must be in (0, 1], for example 0.01.")
        }
    }

    func settings(utf8: Bool, frozenClock: Bool) -> Settings {
        Settings(
            windowSeconds: Formatting.parseInterval(window) ?? 300,
            refreshSeconds: Formatting.parseInterval(refresh) ?? 5,
            grouping: group, declaredSamplingRate: samplingRate,
            glyphs: ascii || !utf8 ? .ascii : .unicode, mouse: !noMouse, frozenClock: frozenClock)
    }
}
