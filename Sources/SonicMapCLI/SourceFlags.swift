import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapSources

/// The flags of every command that reads live data: endpoints, tenant, profile, auth,
/// TLS, limits and query filters. They sit on top of the environment and the config file
/// (`EffectiveConfig.resolve`). No flag takes a secret: tokens and passwords are named
/// by file or environment variable.
struct SourceFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Tempo base URL, with any path prefix.", valueName: "url"))
    var tempo: String?

    @Option(help: ArgumentHelp("Prometheus-compatible base URL, with any path prefix (Mimir: …/prometheus).", valueName: "url"))
    var prometheus: String?

    @Option(help: ArgumentHelp("Tenant, sent as X-Scope-OrgID.", valueName: "id"))
    var tenant: String?

    @Option(help: ArgumentHelp("Profile of the config file to use (like a kube context).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Environment variable holding a bearer token.", valueName: "var"))
    var tokenEnv: String?

    @Option(help: ArgumentHelp("File holding a bearer token.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("User for HTTP basic auth, with --password-env or --password-file.", valueName: "user"))
    var basicUser: String?

    @Option(help: ArgumentHelp("Environment variable holding the basic-auth password.", valueName: "var"))
    var passwordEnv: String?

    @Option(help: ArgumentHelp("File holding the basic-auth password.", valueName: "path"))
    var passwordFile: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("Extra request header (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("CA bundle to verify servers with.", valueName: "path"))
    var caFile: String?

    @Option(help: ArgumentHelp("Client certificate (PEM).", valueName: "path"))
    var certFile: String?

    @Option(help: ArgumentHelp("Key of the client certificate (PEM).", valueName: "path"))
    var keyFile: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Do not verify server certificates (unsafe).")
    var insecureSkipTLSVerify = false

    @Option(help: ArgumentHelp("Time limit for a whole request (default 15s).", valueName: "duration"))
    var timeout: String?

    @Option(help: ArgumentHelp("Time limit for connecting (default 5s).", valueName: "duration"))
    var connectTimeout: String?

    @Option(help: ArgumentHelp("Largest response accepted, after decompression (default 256MiB).", valueName: "size"))
    var maxResponseBytes: String?

    @Option(help: ArgumentHelp("Label matchers added to service-graph series, e.g. 'client!=\"user\"' (default none).", valueName: "matchers"))
    var prometheusFilter: String?

    @Option(help: ArgumentHelp("Label matchers added to Triton and Envoy series, e.g. 'release=~\"supersonic\"'.", valueName: "matchers"))
    var supersonicSelector: String?

    @Option(name: .customLong("config"), help: ArgumentHelp("Config file (default $XDG_CONFIG_HOME/sonicmap/config.yaml).", valueName: "path"))
    var configPath: String?

    func validate() throws {
        _ = try layer(display: nil)
    }

    /// Where the config file is looked for.
    func location(environment: [String: String]) -> ConfigLocation {
        ConfigLocation.resolve(flag: configPath, environment: environment)
    }

    /// The configuration these flags, `display` (for commands that have it), the environment
    /// and the config file give. A configuration problem is a usage failure (exit 2).
    func resolve(display: DisplayFlags?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EffectiveConfig {
        let config = try resolvedQuietly(display: display, environment: environment)
        for warning in config.securityWarnings { StandardError.write("sonicmap: warning: \(warning)\n") }
        return config
    }

    /// The size cap for `--file` input, with where it came from: the same cap as Tempo's
    /// responses, so `--max-response-bytes` and `max-response-bytes:` in the config file
    /// (as `SONICMAP_CONFIG` and `SONICMAP_PROFILE` choose it) both set it.
    func traceFileLimit(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Sourced<Int> {
        try resolvedQuietly(display: nil, environment: environment).traceFileMaxBytes
    }

    /// Where `o` links to from the trace views (`grafana:` in the config), resolved without
    /// repeating the warnings about endpoints.
    func grafanaLink(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GrafanaLink? {
        try resolvedQuietly(display: nil, environment: environment).grafanaLink
    }

    /// `resolve` without the warnings about endpoints, for commands that read a file.
    private func resolvedQuietly(display: DisplayFlags?, environment: [String: String]) throws -> EffectiveConfig {
        do {
            let file = try location(environment: environment).load()
            return try EffectiveConfig.resolve(flags: layer(display: display), environment: environment, file: file)
        } catch let error as ConfigError {
            throw CommandFailure.usage(error.description)
        }
    }

    /// What the flags say, as the highest layer of configuration. Throws `ValidationError`.
    func layer(display: DisplayFlags?) throws -> ConfigLayer {
        var layer = ConfigLayer()
        layer.profile = try parse("--profile", profile, ConfigValue.plainText)
        layer.tempo.url = try parse("--tempo", tempo, ConfigValue.url)
        layer.prometheus.url = try parse("--prometheus", prometheus, ConfigValue.url)
        layer.shared.tenant = try parse("--tenant", tenant, ConfigValue.plainText)
        layer.shared.headers = try headers.map { text in try parse("--header", text, ConfigHeader.init(parsing:))! }
        layer.shared.caFile = try parse("--ca-file", caFile, ConfigValue.plainText)
        layer.shared.certFile = try parse("--cert-file", certFile, ConfigValue.plainText)
        layer.shared.keyFile = try parse("--key-file", keyFile, ConfigValue.plainText)
        if insecureSkipTLSVerify { layer.shared.insecureSkipTLSVerify = Sourced(true, .flag("--insecure-skip-tls-verify")) }
        layer.shared.timeout = try parse("--timeout", timeout, ConfigValue.timeout)
        layer.shared.connectTimeout = try parse("--connect-timeout", connectTimeout, ConfigValue.timeout)
        layer.shared.maxResponseBytes = try parse("--max-response-bytes", maxResponseBytes, ByteSize.parse)
        layer.prometheusFilter = try parse("--prometheus-filter", prometheusFilter, ConfigValue.labelSelector)
        layer.supersonicSelector = try parse("--supersonic-selector", supersonicSelector, ConfigValue.labelSelector)
        layer.shared.auth = try auth()
        if let display {
            layer.window = try parse("--window", display.window, ConfigValue.window)
            layer.refresh = try parse("--refresh", display.refresh, ConfigValue.refresh)
            layer.samplingRate = display.samplingRate.map { Sourced($0, .flag("--sampling-rate")) }
            layer.health = try display.healthLayer()
        }
        return layer
    }

    private func auth() throws -> Sourced<AuthConfig>? {
        var parts = AuthParts()
        if let name = try parse("--token-env", tokenEnv, ConfigValue.variableName) { parts.tokens.append(("--token-env", .environment(name.value))) }
        if let path = try parse("--token-file", tokenFile, ConfigValue.plainText) { parts.tokens.append(("--token-file", .file(path.value))) }
        if let user = try parse("--basic-user", basicUser, ConfigValue.plainText) { parts.user = ("--basic-user", user.value) }
        if let name = try parse("--password-env", passwordEnv, ConfigValue.variableName) {
            parts.passwords.append(("--password-env", .environment(name.value)))
        }
        if let path = try parse("--password-file", passwordFile, ConfigValue.plainText) { parts.passwords.append(("--password-file", .file(path.value))) }
        do {
            guard let auth = try parts.combined() else { return nil }
            return Sourced(auth, .flag(parts.tokens.first?.name ?? "--basic-user"))
        } catch {
            throw ValidationError(error.problem)
        }
    }

    /// The flag's text parsed and marked as coming from `flag`; nil when the flag is absent.
    private func parse<T>(_ flag: String, _ text: String?, _ parse: (String) throws(ConfigValueError) -> T) throws -> Sourced<T>? {
        guard let text else { return nil }
        do {
            return Sourced(try parse(text), .flag(flag))
        } catch {
            throw ValidationError("\(flag): \(error.problem)")
        }
    }
}
