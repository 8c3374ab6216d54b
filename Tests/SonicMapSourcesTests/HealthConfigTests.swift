import Foundation
import SonicMapCore
import Testing
@testable import SonicMapSources

/// Health thresholds in the config file (top level and profiles), their precedence, their
/// checks, and how `config show` prints them.
@Suite struct HealthConfigTests {
    static let path = "/cfg/config.yaml"

    static func file(_ yaml: String) throws -> ConfigFile { try ConfigFile(parsing: yaml, path: path) }

    @Test func profileOverridesTopLevelFieldByFieldAndFlagsWin() throws {
        let file = try Self.file("""
            current-profile: geddes
            health:
              error-warn: 2%
              p95-crit: 2s
            profiles:
              geddes:
                health: {p95-warn: 250ms, error-crit: 0.2}
            """)
        #expect(file.defaults.health.errorWarn == Sourced(0.02, .file(profile: nil, line: 3)))
        #expect(file.profiles["geddes"]?.health.p95Warn?.value == 0.25)
        var flags = ConfigLayer()
        flags.health.p95Crit = Sourced(3, .flag("--p95-crit"))
        let c = try EffectiveConfig.resolve(flags: flags, environment: [:], file: file)
        #expect(c.health.thresholds == HealthThresholds(errorWarning: 0.02, errorCritical: 0.2, p95Warning: 0.25, p95Critical: 3))
        #expect(c.health.p95Warn?.origin == .file(profile: "geddes", line: 7))
        #expect(c.health.p95Crit?.origin == .flag("--p95-crit"))
        #expect(try EffectiveConfig.resolve(flags: ConfigLayer(), environment: [:], file: nil).health.thresholds == .standard)
    }

    @Test func badValuesNameTheLineAndInconsistentLevelsAreRefused() {
        func problem(_ yaml: String) -> String {
            do {
                let f = try Self.file(yaml)
                _ = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: [:], file: f)
                return ""
            } catch {
                return String(describing: error)
            }
        }
        #expect(problem("health:\n  error-warn: lots\n").hasPrefix("/cfg/config.yaml:2: error-warn"))
        #expect(problem("health:\n  error-warn: lots\n").contains("not a ratio"))
        #expect(problem("health:\n  p95-warn: 0ms\n").contains("above 0"))
        #expect(problem("health:\n  p95-warn: fast\n").contains("not a latency"))
        #expect(problem("health:\n  error-warn: 150%\n").contains("between 0 and 1"))
        #expect(problem("health:\n  p95-wran: 1s\n").contains("did you mean 'p95-warn'"))
        let inverted = problem("health:\n  p95-warn: 2s\n  p95-crit: 1s\n")
        #expect(inverted.contains("p95-warning (2.0s) is above p95-critical (1.0s)"))
        #expect(inverted.contains("config file, line 2"))
    }

    @Test func valueSpellings() throws {
        #expect(try ConfigValue.ratio("2%") == 0.02)
        #expect(try ConfigValue.ratio(" 0.5 % ") == 0.005)
        #expect(try ConfigValue.ratio("0.02") == 0.02)
        #expect(try ConfigValue.latency("250ms") == 0.25)
        #expect(try ConfigValue.latency("1.5s") == 1.5)
        #expect(abs(try ConfigValue.latency("800us") - 0.0008) < 1e-12)
        #expect(try ConfigValue.latency("2m") == 120)
        #expect(throws: ConfigValueError.self) { try ConfigValue.latency("250") }
    }

    @Test func configShowPrintsEachThresholdWithItsOrigin() throws {
        let file = try Self.file("health:\n  error-warn: 2%\n")
        let effective = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: [:], file: file)
        let report = ConfigReport(location: ConfigLocation(path: Self.path, origin: .builtin), fileFound: true, effective: effective, environment: [:])
        let lines = report.text.split(separator: "\n").map(String.init)
        let warn = try #require(lines.first { $0.hasPrefix("health error-warn") })
        #expect(warn.contains("2.0%") && warn.contains("config file line 2"))
        let crit = try #require(lines.first { $0.hasPrefix("health p95-crit") })
        #expect(crit.contains("1.00s") && crit.contains("default"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let health = try #require(json["health"] as? [String: Any])
        #expect((health["error-warn"] as? [String: Any])?["value"] as? Double == 0.02)
        #expect((health["p95-warn"] as? [String: Any])?["value"] as? Double == 0.5)
        #expect(Set(health.keys) == ["error-warn", "error-crit", "p95-warn", "p95-crit"])
    }
}
