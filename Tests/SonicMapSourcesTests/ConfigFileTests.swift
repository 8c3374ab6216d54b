import SonicMapCore
import Testing
@testable import SonicMapSources

/// The config file: schema, and a message naming file, line and problem for anything wrong.
@Suite struct ConfigFileTests {
    static let path = "/home/op/.config/sonicmap/config.yaml"

    func parse(_ yaml: String) throws -> ConfigFile { try ConfigFile(parsing: yaml, path: Self.path) }

    /// The error the file gives, as the user sees it.
    func problem(_ yaml: String) -> String? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func readsProfilesLikeKubeContexts() throws {
        let file = try parse("""
            current-profile: geddes
            timeout: 20s
            profiles:
              geddes:
                tempo: https://tempo.geddes.example
                prometheus: https://prometheus.geddes.example/prometheus
                tenant: cms
                token-file: ~/.config/sonicmap/geddes.token
                window: 15m
                refresh: 10s
                sampling-rate: 0.01
                headers: {X-Site: geddes}
                tls: {ca-file: /etc/ssl/site.pem, insecure-skip-tls-verify: false}
                prometheus-filter: 'client!="user"'
              local:
            """)
        #expect(file.currentProfile == Sourced("geddes", .file(profile: nil, line: 1)))
        #expect(file.defaults.shared.timeout == Sourced(20, .file(profile: nil, line: 2)))
        #expect(file.profiles.keys.sorted() == ["geddes", "local"])
        let g = try #require(file.profiles["geddes"])
        #expect(g.tempo.url == Sourced("https://tempo.geddes.example", .file(profile: "geddes", line: 5)))
        #expect(g.prometheus.url?.value == "https://prometheus.geddes.example/prometheus")
        #expect(g.shared.tenant?.value == "cms")
        #expect(g.shared.auth == Sourced(.bearer(token: .file("~/.config/sonicmap/geddes.token")), .file(profile: "geddes", line: 8)))
        #expect(g.window?.value == 900)
        #expect(g.refresh?.value == 10)
        #expect(g.samplingRate?.value == 0.01)
        #expect(g.shared.headers.map(\.value) == [try ConfigHeader(name: "X-Site", value: "geddes")])
        #expect(g.shared.caFile?.value == "/etc/ssl/site.pem")
        #expect(g.shared.insecureSkipTLSVerify?.value == false)
        #expect(g.prometheusFilter?.value.description == #"client!="user""#)
        #expect(file.profiles["local"] == ConfigLayer())
    }

    @Test func endpointMappingGivesSettingsForThatEndpointOnly() throws {
        let file = try parse("""
            basic-user: shared-user
            password-env: GRAFANA_TOKEN
            tempo:
              url: https://tempo.grafana.example
              basic-user: "123456"
              password-file: tempo.pass
            prometheus: https://prom.grafana.example/api/prom
            """)
        #expect(file.defaults.tempo.connection.auth?.value == .basic(user: "123456", password: .file("/home/op/.config/sonicmap/tempo.pass")))
        #expect(file.defaults.tempoFlattened.connection.auth?.value == .basic(user: "123456", password: .file("/home/op/.config/sonicmap/tempo.pass")))
        #expect(file.defaults.prometheusFlattened.connection.auth?.value == .basic(user: "shared-user", password: .environment("GRAFANA_TOKEN")))
    }

    @Test func emptyFileIsNoSettings() throws {
        #expect(try parse("") == ConfigFile(path: Self.path))
        #expect(try parse("# only a comment\n") == ConfigFile(path: Self.path))
        #expect(try parse("profiles:\n") == ConfigFile(path: Self.path))
    }

    @Test func badYAMLSyntaxNamesFileAndLine() {
        let message = problem("""
            tempo: https://tempo.example
            prometheus: [unclosed
            tenant: cms
            """)
        #expect(message?.hasPrefix(Self.path + ":") == true)
        #expect(message?.contains("not valid YAML") == true)
        let tab = problem("tempo: https://t.example\n\ttenant: x\n")
        #expect(tab?.hasPrefix(Self.path + ":2: ") == true, "\(tab ?? "")")
    }

    @Test func duplicateKeyIsReportedAtItsLine() {
        #expect(problem("tenant: a\nwindow: 5m\ntenant: b\n")?.hasPrefix(Self.path + ":1: key 'tenant' is given twice") == true)
    }

    @Test func unknownKeySuggestsTheClosest() {
        #expect(problem("tempo: https://t.example\ntempp: https://t.example\n")
            == Self.path + ":2: unknown key 'tempp' in the top level (did you mean 'tempo'?)")
        #expect(problem("profiles:\n  a:\n    promethues: https://p.example\n")
            == Self.path + ":3: unknown key 'promethues' in profile 'a' (did you mean 'prometheus'?)")
        #expect(problem("token_file: /t\n")?.contains("(did you mean 'token-file'?)") == true)
        #expect(problem("ca-file: /ca.pem\n") == Self.path + ":1: unknown key 'ca-file' in the top level ('ca-file' goes under 'tls:')")
        #expect(problem("tls:\n  ca: /x\n")?.hasPrefix(Self.path + ":2: unknown key 'ca' in 'tls'") == true)
        #expect(problem("profiles:\n  a:\n    current-profile: b\n")?.contains("'current-profile' is not allowed here") == true)
    }

    @Test func wrongTypeIsReportedAtTheLineOfItsKey() {
        #expect(problem("tenant: cms\nwindow: [5m]\n") == Self.path + ":2: window: expected a value, not a list")
        #expect(problem("\n\ntempo:\n  - https://t.example\n") == Self.path + ":3: tempo: expected a value, not a list")
        #expect(problem("sampling-rate: lots\n") == Self.path + ":1: sampling-rate: must be a number in (0, 1], for example 0.01")
        #expect(problem("window: 3s\n") == Self.path + ":1: window: must be between 10s and 720h")
        #expect(problem("tls:\n  insecure-skip-tls-verify: maybe\n") == Self.path + ":2: insecure-skip-tls-verify: must be true or false")
        #expect(problem("profiles: [a, b]\n") == Self.path + ":1: 'profiles' must be a mapping of 'key: value' entries, not a list")
        #expect(problem("tempo: localhost:3200\n") == Self.path + ":1: tempo: must start with http:// or https://")
        #expect(problem("max-response-bytes: lots\n")?.hasPrefix(Self.path + ":1: max-response-bytes: 'lots' is not a size") == true)
        #expect(problem("tenant:\n") == Self.path + ":1: tenant: expected a value, not nothing")
        #expect(problem("prometheus-filter: 'client=user'\n")?.hasPrefix(Self.path + ":1: prometheus-filter: invalid label selector") == true)
        #expect(problem("- a\n- b\n") == Self.path + ":1: the top level must be a mapping of 'key: value' entries, not a list")
    }

    @Test func inlineSecretsAreRefused() {
        let token = problem("profiles:\n  geddes:\n    token: abc123\n")
        #expect(token?.hasPrefix(Self.path + ":3: 'token' would put a secret in the config file") == true)
        #expect(token?.contains("token-file") == true && token?.contains("token-env") == true)
        #expect(token?.contains("abc123") == false)
        let password = problem("basic-user: me\npassword: hunter2\n")
        #expect(password?.contains("password-file") == true && password?.contains("hunter2") == false)
        let header = problem("headers:\n  Authorization: Bearer abc123\n")
        #expect(header?.hasPrefix(Self.path + ":2: header Authorization carries credentials") == true)
        #expect(header?.contains("abc123") == false)
    }

    @Test func incompleteOrConflictingAuthIsRefused() {
        #expect(problem("basic-user: me\n")?.hasPrefix(Self.path + ":1: basic-user needs a password") == true)
        #expect(problem("tenant: x\ntoken-env: T\ntoken-file: /t\n")
            == Self.path + ":2: token-env and token-file both give a token: keep one")
        #expect(problem("token-env: T\nbasic-user: me\npassword-env: P\n")?.contains("cannot be used together") == true)
        #expect(problem("token-env: 1BAD\n") == Self.path + ":1: token-env: '1BAD' is not an environment variable name")
    }
}
