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

    @Option(help: ArgumentHelp("Error ratio from which a node or edge is a warning (default 1%).", valueName: "ratio"))
    var errorWarn: String?

    @Option(help: ArgumentHelp("Error ratio from which a node or edge is critical (default 5%).", valueName: "ratio"))
    var errorCrit: String?

    @Option(help: ArgumentHelp("p95 latency from which a node or edge is a warning (default 500ms).", valueName: "latency"))
    var p95Warn: String?

    @Option(help: ArgumentHelp("p95 latency from which a node or edge is critical (default 1s).", valueName: "latency"))
    var p95Crit: String?

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
        if let problem = try healthLayer().thresholds.problem { throw ValidationError("health thresholds: \(problem).") }
    }

    /// The health thresholds these flags set, as a configuration layer. Throws `ValidationError`.
    func healthLayer() throws -> HealthLayer {
        func parse(_ flag: String, _ text: String?, _ parse: (String) throws(ConfigValueError) -> Double) throws -> Sourced<Double>? {
            guard let text else { return nil }
            do {
                return Sourced(try parse(text), .flag(flag))
            } catch {
                throw ValidationError("\(flag): \(error.problem)")
            }
        }
        return HealthLayer(
            errorWarn: try parse("--error-warn", errorWarn, ConfigValue.ratio), errorCrit: try parse("--error-crit", errorCrit, ConfigValue.ratio),
            p95Warn: try parse("--p95-warn", p95Warn, ConfigValue.latency), p95Crit: try parse("--p95-crit", p95Crit, ConfigValue.latency))
    }

    /// The view's settings. With `config` (from `SourceFlags.resolve(display:)`, which already
    /// counts these flags), window, refresh, sampling rate, health thresholds and the Grafana link come from it;
    /// without, from these flags or the defaults.
    func settings(utf8: Bool, frozenClock: Bool, config: EffectiveConfig? = nil) -> Settings {
        var settings = Settings(
            windowSeconds: config?.window.value ?? window.flatMap(Formatting.parseInterval) ?? EffectiveConfig.defaultWindowSeconds,
            refreshSeconds: config?.refresh.value ?? refresh.flatMap(Formatting.parseInterval) ?? EffectiveConfig.defaultRefreshSeconds,
            grouping: group, declaredSamplingRate: config?.samplingRate?.value ?? samplingRate,
            glyphs: ascii || !utf8 ? .ascii : .unicode, mouse: !noMouse, frozenClock: frozenClock, themeName: theme,
            health: config?.health.thresholds ?? (try? healthLayer().thresholds) ?? .standard)
        settings.grafana = config?.grafanaLink
        return settings
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
