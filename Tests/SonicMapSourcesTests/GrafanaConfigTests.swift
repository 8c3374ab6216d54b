import SonicMapCore
import Testing
@testable import SonicMapSources

/// `grafana:` and `grafana-datasource:`: where `o` links to, set in the file or a profile,
/// and never with credentials.
@Suite struct GrafanaConfigTests {
    static let path = "/home/op/.config/sonicmap/config.yaml"

    func resolve(_ yaml: String, profile: String? = nil) throws -> EffectiveConfig {
        var flags = ConfigLayer()
        flags.profile = profile.map { Sourced($0, .flag("--profile")) }
        return try EffectiveConfig.resolve(flags: flags, environment: [:], file: try ConfigFile(parsing: yaml, path: Self.path))
    }

    func problem(_ yaml: String) -> String? {
        do {
            _ = try ConfigFile(parsing: yaml, path: Self.path)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func aBaseURLAndDatasourceMakeTheLink() throws {
        let c = try resolve("grafana: https://grafana.example/sub\ngrafana-datasource: P214B5B846CF3925F\n")
        #expect(c.grafana == Sourced("https://grafana.example/sub", .file(profile: nil, line: 1)))
        #expect(c.grafanaDatasource == Sourced("P214B5B846CF3925F", .file(profile: nil, line: 2)))
        #expect(c.grafanaLink == GrafanaLink(base: "https://grafana.example/sub", datasource: "P214B5B846CF3925F"))
    }

    @Test func withoutGrafanaThereIsNoLinkAndTheDatasourceDefaultsToTempo() throws {
        let c = try resolve("window: 5m\n")
        #expect(c.grafana == nil && c.grafanaLink == nil)
        #expect(c.grafanaDatasource == Sourced("tempo", .builtin))
    }

    @Test func aProfileOverridesTheTopLevel() throws {
        let yaml = """
            grafana: https://grafana.top.example
            profiles:
              geddes:
                grafana: https://grafana.geddes.example
                grafana-datasource: geddes-tempo
              purdue:
                window: 15m
            """
        let geddes = try resolve(yaml, profile: "geddes")
        #expect(geddes.grafanaLink == GrafanaLink(base: "https://grafana.geddes.example", datasource: "geddes-tempo"))
        #expect(geddes.grafana?.origin == .file(profile: "geddes", line: 4))
        let purdue = try resolve(yaml, profile: "purdue")
        #expect(purdue.grafanaLink == GrafanaLink(base: "https://grafana.top.example", datasource: "tempo"))
    }

    @Test func credentialsInTheURLAreRefusedWithoutShowingThem() throws {
        for yaml in ["grafana: https://admin:hunter2@grafana.example\n", "profiles:\n  p:\n    grafana: https://admin:hunter2@grafana.example\n"] {
            let message = try #require(problem(yaml))
            #expect(message.hasPrefix(Self.path + ":"), "\(message)")
            #expect(message.contains("grafana: must not hold credentials (user:password@)"), "\(message)")
            #expect(!message.contains("hunter2"), "\(message)")
        }
        #expect(problem("grafana: https://admin@grafana.example\n")?.contains("must not hold credentials") == true)
    }

    @Test func otherBadValuesAreRefusedWithTheirReason() {
        #expect(problem("grafana: ftp://grafana.example\n")?.contains("grafana: must start with http:// or https://") == true)
        #expect(problem("grafana: https://grafana.example/?orgId=2\n")?.contains("must not have a query or fragment") == true)
        #expect(problem("grafana-datasource: \"tempo uid\"\n")?.contains("is not a datasource uid") == true)
        #expect(problem("grafana-datasource: \(String(repeating: "a", count: 41))\n")?.contains("is not a datasource uid") == true)
    }

    @Test func configShowListsThemWithTheirOrigin() throws {
        let c = try resolve("grafana: https://grafana.example\n")
        let report = ConfigReport(location: ConfigLocation(path: Self.path, origin: .builtin), fileFound: true, effective: c, environment: [:])
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("grafana  ") && $0.contains("https://grafana.example") && $0.hasSuffix("config file line 1") })
        #expect(lines.contains { $0.hasPrefix("grafana-datasource ") && $0.contains(" tempo ") && $0.hasSuffix("default") })
        #expect(report.json.contains("\"grafana\": {\n    \"value\": \"https://grafana.example\""))
    }
}
