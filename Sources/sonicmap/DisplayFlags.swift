import ArgumentParser
import SonicMapCore
import SonicMapSources
import SonicMapUI

extension Grouping: ExpressibleByArgument {}

/// Options of the interactive map.
struct DisplayFlags: ParsableArguments {
    /// nil: the environment, the config file or the default (5m) decides.
    @Option(help: "Time window rates and quantiles are taken over (30s, 5m, 1h; default 5m).")
    var window: String?

    /// nil: the environment, the config file or the default (5s) decides.
    @Option(help: "Refresh interval (5s, 1m; default 5s).")
    var refresh: String?

    @Option(help: "Declare the tracing sampling rate (0…1) to see estimated true rates, marked ~.")
    var samplingRate: Double?

    @Option(help: "Group nodes by pod, deployment or role.")
    var group: Grouping = .pod

    @Option(help: "Colour theme: default, dark, light, high-contrast, colorblind, monochrome, or a path to a theme YAML file.")
    var theme: String = "default"

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    func validate() throws {
        do {
            if let window { _ = try ConfigValue.window(window) }
        } catch {
            throw ValidationError("--window: \(error.problem)")
        }
        do {
            if let refresh { _ = try ConfigValue.refresh(refresh) }
        } catch {
            throw ValidationError("--refresh: \(error.problem)")
        }
        if let p = samplingRate, !(p > 0 && p <= 1) {
            throw ValidationError("--sampling-rate must be in (0, 1], for example 0.01.")
        }
    }

    /// The view's settings. With `config` (from `SourceFlags.resolve(display:)`, which already
    /// counts these flags), window, refresh and sampling rate come from it; without, from
    /// these flags or the defaults.
    func settings(utf8: Bool, frozenClock: Bool, config: EffectiveConfig? = nil) -> Settings {
        Settings(
            windowSeconds: config?.window.value ?? window.flatMap(Formatting.parseInterval) ?? EffectiveConfig.defaultWindowSeconds,
            refreshSeconds: config?.refresh.value ?? refresh.flatMap(Formatting.parseInterval) ?? EffectiveConfig.defaultRefreshSeconds,
            grouping: group, declaredSamplingRate: config?.samplingRate?.value ?? samplingRate,
            glyphs: ascii || !utf8 ? .ascii : .unicode, mouse: !noMouse, frozenClock: frozenClock, themeName: theme)
    }

    /// The shipped themes plus the one asked for, read now (before the UI loop), and what was wrong with them.
    func loadThemes() -> (themes: [String: Theme], warnings: [String]) {
        var themes: [String: Theme] = [:]
        var warnings: [String] = []
        for name in Set(ThemeLoader.shipped + [theme]) {
            let loaded = ThemeLoader.load(name)
            themes[name] = loaded.theme
            if name == theme { warnings += loaded.warnings }
        }
        return (themes, warnings)
    }
}
