import SonicMapCore
import Testing
@testable import SonicMapSources

/// Precedence per field (flag > environment > profile > file top level > default), the
/// profile choice, and where the config file is looked for.
@Suite struct ConfigResolveTests {
    static let path = "/cfg/config.yaml"
    static let file = try! ConfigFile(parsing: """
        current-profile: geddes
        tempo: https://tempo.top.example
        prometheus: https://prom.top.example
        tenant: top-tenant
        window: 1h
        refresh: 30s
        sampling-rate: 0.5
        profiles:
          geddes:
            tempo: https://tempo.geddes.example
            tenant: geddes-tenant
            window: 15m
            token-file: /secrets/geddes.token
          purdue:
            prometheus: https://prom.purdue.example
        """, path: path)

    func flags(_ edit: (inout ConfigLayer) -> Void) -> ConfigLayer {
        var layer = ConfigLayer()
        edit(&layer)
        return layer
    }

    @Test func eachFieldTakesTheHighestLayerThatSetsIt() throws {
        let env = ["SONICMAP_TENANT": "env-tenant", "SONICMAP_REFRESH": "20s", "SONICMAP_PROMETHEUS_URL": "https://prom.env.example"]
        let flagLayer = flags { $0.window = Sourced(120, .flag("--window")) }
        let c = try EffectiveConfig.resolve(flags: flagLayer, environment: env, file: Self.file)
        #expect(c.profile == Sourced("geddes", .file(profile: nil, line: 1)))
        // flag over environment over profile over top level
        #expect(c.window == Sourced(120, .flag("--window")))
        // environment over profile over top level
        #expect(c.tempoSettings?.connection.tenant == Sourced("env-tenant", .environment("SONICMAP_TENANT")))
        #expect(c.refresh == Sourced(20, .environment("SONICMAP_REFRESH")))
        #expect(c.prometheusSettings?.url == Sourced("https://prom.env.example", .environment("SONICMAP_PROMETHEUS_URL")))
        // profile over top level
        #expect(c.tempoSettings?.url == Sourced("https://tempo.geddes.example", .file(profile: "geddes", line: 10)))
        #expect(c.tempo?.auth == .bearer(token: .file("/secrets/geddes.token")))
        // top level when nothing higher says
        #expect(c.samplingRate == Sourced(0.5, .file(profile: nil, line: 7)))
        // default when nobody says
        #expect(c.tempo?.timeoutSeconds == 15)
        #expect(c.tempoSettings?.connection.timeout == nil)
        #expect(c.prometheusFilter == nil)
    }

    @Test func flagBeatsEnvironmentForTheSameField() throws {
        let env = ["SONICMAP_TEMPO_URL": "https://tempo.env.example", "SONICMAP_TENANT": "env-tenant", "SONICMAP_WINDOW": "10m"]
        let flagLayer = flags {
            $0.tempo.url = Sourced("https://tempo.flag.example", .flag("--tempo"))
            $0.shared.tenant = Sourced("flag-tenant", .flag("--tenant"))
        }
        let c = try EffectiveConfig.resolve(flags: flagLayer, environment: env, file: nil)
        #expect(c.tempo?.baseURL == "https://tempo.flag.example")
        #expect(c.tempo?.tenant == "flag-tenant")
        #expect(c.window == Sourced(600, .environment("SONICMAP_WINDOW")))
        #expect(c.prometheus == nil)
    }

    @Test func defaultsWithoutAnything() throws {
        let c = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: [:], file: nil)
        #expect(c.window == Sourced(300, .builtin))
        #expect(c.refresh == Sourced(5, .builtin))
        #expect(c.tempo == nil && c.prometheus == nil && c.profile == nil && c.samplingRate == nil)
    }

    @Test func profileComesFromFlagThenEnvironmentThenFile() throws {
        let byEnv = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: ["SONICMAP_PROFILE": "purdue"], file: Self.file)
        #expect(byEnv.profile == Sourced("purdue", .environment("SONICMAP_PROFILE")))
        #expect(byEnv.prometheus?.baseURL == "https://prom.purdue.example")
        #expect(byEnv.tempo?.baseURL == "https://tempo.top.example")
        #expect(byEnv.tempo?.tenant == "top-tenant")
        let byFlag = try EffectiveConfig.resolve(
            flags: flags { $0.profile = Sourced("geddes", .flag("--profile")) }, environment: ["SONICMAP_PROFILE": "purdue"], file: Self.file)
        #expect(byFlag.profile?.value == "geddes")
    }

    @Test func unknownProfileListsTheProfiles() {
        #expect(throws: ConfigError.invalid("unknown profile 'gedes' (profiles: geddes, purdue), named by flag --profile; see /cfg/config.yaml")) {
            try EffectiveConfig.resolve(flags: flags { $0.profile = Sourced("gedes", .flag("--profile")) }, environment: [:], file: Self.file)
        }
        let file = ConfigFile(path: Self.path, currentProfile: Sourced("nope", .file(profile: nil, line: 3)))
        #expect(throws: ConfigError.file(path: Self.path, line: 3, problem: "current-profile: unknown profile 'nope' (the file has no profiles)")) {
            try EffectiveConfig.resolve(flags: ConfigLayer(), environment: [:], file: file)
        }
        #expect(throws: ConfigError.self) {
            try EffectiveConfig.resolve(flags: ConfigLayer(), environment: ["SONICMAP_PROFILE": "x"], file: nil)
        }
    }

    @Test func headersMergeByNameAcrossLayers() throws {
        let file = try ConfigFile(parsing: "tempo: https://t.example\nheaders: {X-Site: top, X-Team: ops}\n", path: Self.path)
        let flagLayer = flags { $0.shared.headers = [Sourced(try! ConfigHeader(parsing: "x-site: flag"), .flag("--header"))] }
        let c = try EffectiveConfig.resolve(flags: flagLayer, environment: [:], file: file)
        #expect(c.tempo?.headers.map { "\($0.0)=\($0.1)" } == ["X-Team=ops", "x-site=flag"])
    }

    @Test func environmentHeldTokenIsReadFromTheEnvironment() throws {
        let env = ["SONICMAP_TEMPO_URL": "https://t.example", "SONICMAP_TOKEN": "tok-\(UInt64.random(in: 0...UInt64.max))"]
        let c = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: env, file: nil)
        #expect(c.tempo?.auth == .bearer(token: .environment("SONICMAP_TOKEN")))
        #expect(c.tempoSettings?.connection.auth?.origin == .environment("SONICMAP_TOKEN"))
        guard case .bearer(let source)? = c.tempo?.auth else { return }
        #expect(try source.read(environment: env) == env["SONICMAP_TOKEN"])
    }

    @Test func environmentProblemsNameTheVariable() {
        #expect(throws: ConfigError.invalid("SONICMAP_WINDOW: must be between 10s and 720h")) {
            try EffectiveConfig.resolve(flags: ConfigLayer(), environment: ["SONICMAP_WINDOW": "2s"], file: nil)
        }
        #expect(throws: ConfigError.invalid("SONICMAP_TOKEN and SONICMAP_TOKEN_FILE both give a token: keep one")) {
            try EffectiveConfig.resolve(flags: ConfigLayer(), environment: ["SONICMAP_TOKEN": "a", "SONICMAP_TOKEN_FILE": "/t"], file: nil)
        }
        #expect(throws: ConfigError.invalid("SONICMAP_TEMPO_URL: must start with http:// or https://")) {
            try EffectiveConfig.resolve(flags: ConfigLayer(), environment: ["SONICMAP_TEMPO_URL": "ftp://x"], file: nil)
        }
    }

    @Test func keyFileNeedsCertFile() {
        let flagLayer = flags {
            $0.tempo.url = Sourced("https://t.example", .flag("--tempo"))
            $0.shared.keyFile = Sourced("/k.pem", .flag("--key-file"))
        }
        #expect(throws: ConfigError.self) { try EffectiveConfig.resolve(flags: flagLayer, environment: [:], file: nil) }
    }

    @Test func configFileFollowsXDG() {
        #expect(ConfigLocation.resolve(flag: nil, environment: ["HOME": "/home/op"])
            == ConfigLocation(path: "/home/op/.config/sonicmap/config.yaml", origin: .builtin))
        #expect(ConfigLocation.resolve(flag: nil, environment: ["HOME": "/home/op", "XDG_CONFIG_HOME": "/xdg"]).path
            == "/xdg/sonicmap/config.yaml")
        // XDG says relative values are ignored
        #expect(ConfigLocation.resolve(flag: nil, environment: ["HOME": "/home/op", "XDG_CONFIG_HOME": "rel"]).path
            == "/home/op/.config/sonicmap/config.yaml")
        #expect(ConfigLocation.resolve(flag: nil, environment: ["HOME": "/home/op", "SONICMAP_CONFIG": "~/s.yaml"])
            == ConfigLocation(path: "/home/op/s.yaml", origin: .environment("SONICMAP_CONFIG")))
        #expect(ConfigLocation.resolve(flag: "/f.yaml", environment: ["SONICMAP_CONFIG": "/e.yaml"])
            == ConfigLocation(path: "/f.yaml", origin: .flag("--config")))
    }

    @Test func missingFileIsFineOnlyAtTheDefaultLocation() throws {
        let missing = "/nonexistent-\(UInt64.random(in: 0...UInt64.max))/config.yaml"
        #expect(try ConfigLocation(path: missing, origin: .builtin).load() == nil)
        #expect(throws: ConfigError.file(path: missing, line: 0, problem: "no such file (named by flag --config)")) {
            try ConfigLocation(path: missing, origin: .flag("--config")).load()
        }
    }

    @Test func sizesAndDurations() throws {
        #expect(try ByteSize.parse("256MiB") == 256 << 20)
        #expect(try ByteSize.parse("1GiB") == 1 << 30)
        #expect(try ByteSize.parse("1048576") == 1 << 20)
        #expect(try ByteSize.parse("500 MB") == 500_000_000)
        #expect(throws: ConfigValueError.self) { try ByteSize.parse("0") }
        #expect(throws: ConfigValueError.self) { try ByteSize.parse("1TiB") }
        #expect(ByteSize.format(256 << 20) == "256MiB")
        #expect(ByteSize.format(1000) == "1000")
        #expect(try ConfigValue.timeout("1.5s") == 1.5)
    }
}
