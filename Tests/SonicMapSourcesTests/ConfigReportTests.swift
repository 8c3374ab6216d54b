import Foundation
import Testing
@testable import SonicMapSources

/// `config show`: values with origins, and never a secret.
@Suite struct ConfigReportTests {
    let location = ConfigLocation(path: "/cfg/config.yaml", origin: .builtin)

    func report(_ flags: ConfigLayer, environment: [String: String] = [:], file: ConfigFile? = nil) throws -> ConfigReport {
        let effective = try EffectiveConfig.resolve(flags: flags, environment: environment, file: file)
        return ConfigReport(location: location, fileFound: file != nil, effective: effective, environment: environment)
    }

    @Test func tokenFromFileIsNeverPrinted() throws {
        let secret = "s3cret-\(UUID().uuidString)"
        let tokenPath = FileManager.default.temporaryDirectory.appendingPathComponent("sonicmap-token-\(UUID().uuidString)").path
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: tokenPath))
        defer { try? FileManager.default.removeItem(atPath: tokenPath) }
        let file = try ConfigFile(parsing: "tempo: https://tempo.example\ntoken-file: \(tokenPath)\n", path: "/cfg/config.yaml")
        let r = try report(ConfigLayer(), file: file)
        for output in [r.text, r.json] {
            #expect(!output.contains(secret))
            #expect(output.contains("from file \(tokenPath) (set)"))
        }
        #expect(r.text.contains("config file line 2"))
    }

    @Test func environmentTokenShowsOnlyWhetherItIsSet() throws {
        let secret = "env-\(UUID().uuidString)"
        let env = ["SONICMAP_TEMPO_URL": "https://t.example", "SONICMAP_TOKEN": secret]
        let r = try report(ConfigLayer(), environment: env)
        for output in [r.text, r.json] {
            #expect(!output.contains(secret))
            #expect(output.contains("from env SONICMAP_TOKEN (set)"))
        }
        var flags = ConfigLayer()
        flags.prometheus.url = Sourced("https://p.example", .flag("--prometheus"))
        flags.shared.auth = Sourced(.basic(user: "me", password: .environment("UNSET_PW_VAR")), .flag("--basic-user"))
        #expect(try report(flags).text.contains("from env UNSET_PW_VAR (unset)"))
    }

    @Test func credentialsInURLsAreRedacted() throws {
        var flags = ConfigLayer()
        flags.tempo.url = Sourced("https://alice:pa55word@tempo.example/tempo", .flag("--tempo"))
        let r = try report(flags)
        for output in [r.text, r.json] {
            #expect(!output.contains("pa55word"))
            #expect(!output.contains("alice"))
            #expect(output.contains("https://tempo.example/tempo"))
        }
        #expect(r.text.contains("(credentials hidden)"))
    }

    @Test func sensitiveLookingHeaderValuesAreHidden() throws {
        var flags = ConfigLayer()
        flags.tempo.url = Sourced("https://t.example", .flag("--tempo"))
        flags.shared.headers = [
            Sourced(try ConfigHeader(parsing: "X-Api-Key: k-123"), .flag("--header")),
            Sourced(try ConfigHeader(parsing: "X-Site: geddes"), .flag("--header")),
        ]
        let text = try report(flags).text
        #expect(!text.contains("k-123"))
        #expect(text.contains("geddes"))
    }

    @Test func textShowsEachValueWithItsOrigin() throws {
        var flags = ConfigLayer()
        flags.tempo.url = Sourced("https://t.example", .flag("--tempo"))
        let text = try report(flags, environment: ["SONICMAP_WINDOW": "15m"]).text
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("url https://t.example flag --tempo"))
        #expect(lines.contains("window 15m env SONICMAP_WINDOW"))
        #expect(lines.contains("refresh 5s default"))
        #expect(lines.contains("max-response-bytes 256MiB default"))
        #expect(lines.contains("insecure-skip-tls-verify false default"))
        #expect(text.contains("not configured: give --prometheus URL"))
    }

    @Test func jsonIsStructured() throws {
        var flags = ConfigLayer()
        flags.tempo.url = Sourced("https://t.example", .flag("--tempo"))
        let object = try JSONSerialization.jsonObject(with: Data(try report(flags).json.utf8)) as? [String: Any]
        let tempo = object?["tempo"] as? [String: Any]
        let url = tempo?["url"] as? [String: Any]
        #expect(url?["value"] as? String == "https://t.example")
        #expect((url?["origin"] as? [String: Any])?["name"] as? String == "--tempo")
        #expect(((tempo?["timeout"] as? [String: Any])?["value"] as? Double) == 15)
        #expect(object?["prometheus"] is NSNull)
        #expect(((object?["configFile"] as? [String: Any])?["found"] as? Bool) == false)
    }
}
