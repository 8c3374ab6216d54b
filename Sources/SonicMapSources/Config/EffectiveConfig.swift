import SonicMapCore

/// The configuration a command runs with: flags over environment over profile over the
/// config file's top level over defaults, field by field, each value with its origin.
public struct EffectiveConfig: Equatable, Sendable {
    /// The window when nothing sets one: 5 minutes.
    public static let defaultWindowSeconds = 300.0
    /// The refresh interval when nothing sets one: 5 seconds.
    public static let defaultRefreshSeconds = 5.0
    /// The Tempo datasource uid links use when none is set: `tempo`.
    public static let defaultGrafanaDatasource = "tempo"

    /// The profile in use, if any.
    public var profile: Sourced<String>?
    /// Tempo, when some layer gives its URL.
    public var tempoSettings: ResolvedEndpoint?
    /// Prometheus, when some layer gives its URL.
    public var prometheusSettings: ResolvedEndpoint?
    /// Seconds.
    public var window: Sourced<Double>
    /// Seconds.
    public var refresh: Sourced<Double>
    /// The declared tracing sampling rate, if any.
    public var samplingRate: Sourced<Double>?
    /// Matchers added to the service-graph series; none by default.
    public var prometheusFilter: Sourced<LabelSelector>?
    /// Matchers added to the Triton and Envoy series; none by default.
    public var supersonicSelector: Sourced<LabelSelector>?
    /// Health thresholds as the layers give them; `health.thresholds` fills in the standard ones.
    public var health: HealthLayer
    /// Grafana's base URL for links (`o`), if any.
    public var grafana: Sourced<String>?
    /// The uid of Grafana's Tempo datasource; `tempo` unless set.
    public var grafanaDatasource = Sourced(defaultGrafanaDatasource, .builtin)
    /// The size cap for a trace file (`trace --file`, `search --file`): Tempo's response
    /// cap (`max-response-bytes`, Tempo's own over the shared one), from whichever layer
    /// sets it, even when no Tempo URL is configured; else the built-in 256MiB.
    public var traceFileMaxBytes = Sourced(EndpointConfig.defaultMaxResponseBytes, .builtin)

    /// Where `o` links to, when `grafana:` is set.
    public var grafanaLink: GrafanaLink? { grafana.map { GrafanaLink(base: $0.value, datasource: grafanaDatasource.value) } }

    /// Tempo as the HTTP client takes it.
    public var tempo: EndpointConfig? { tempoSettings?.config }
    /// Prometheus as the HTTP client takes it.
    public var prometheus: EndpointConfig? { prometheusSettings?.config }

    /// Credentials that would cross the network unencrypted (`PlainTextCredentials`).
    public var securityWarnings: [String] {
        [tempo.flatMap { PlainTextCredentials.warning("Tempo", $0) }, prometheus.flatMap { PlainTextCredentials.warning("Prometheus", $0) }]
            .compactMap { $0 }
    }

    /// Resolves the layers. Pure: the environment and the parsed file are passed in.
    ///
    /// The profile is `flags.profile`, else `SONICMAP_PROFILE`, else the file's `current-profile`.
    /// Throws `ConfigError` for a bad environment variable, an unknown profile or an
    /// inconsistent result (a key file without a certificate, a warning threshold above
    /// its critical one).
    public static func resolve(flags: ConfigLayer, environment: [String: String], file: ConfigFile?) throws -> EffectiveConfig {
        let env = try ConfigEnvironment.layer(environment)
        let profile = flags.profile ?? env.profile ?? file?.currentProfile
        var layers = [flags, env]
        if let profile { layers.append(try profileLayer(profile, in: file)) }
        if let file { layers.append(file.defaults) }

        func first<T>(_ field: (ConfigLayer) -> Sourced<T>?) -> Sourced<T>? { layers.lazy.compactMap(field).first }
        func endpoint(_ flatten: (ConfigLayer) -> EndpointLayer) throws -> ResolvedEndpoint? {
            let merged = layers.reversed().reduce(EndpointLayer()) { lower, layer in flatten(layer).overlaid(on: lower) }
            guard let url = merged.url else { return nil }
            if let key = merged.connection.keyFile, merged.connection.certFile == nil {
                throw ConfigError.invalid("key-file (\(key.origin)) needs cert-file, the client certificate it belongs to")
            }
            return ResolvedEndpoint(url: url, connection: merged.connection)
        }
        let health = layers.reversed().reduce(HealthLayer()) { lower, layer in layer.health.overlaid(on: lower) }
        if let problem = health.thresholds.problem {
            let origins = [health.errorWarn, health.errorCrit, health.p95Warn, health.p95Crit].compactMap { $0?.origin.description }
            throw ConfigError.invalid("health thresholds: \(problem) (set by \(Set(origins).sorted().joined(separator: ", ")))")
        }
        return EffectiveConfig(
            profile: profile,
            tempoSettings: try endpoint(\.tempoFlattened),
            prometheusSettings: try endpoint(\.prometheusFlattened),
            window: first(\.window) ?? Sourced(defaultWindowSeconds, .builtin),
            refresh: first(\.refresh) ?? Sourced(defaultRefreshSeconds, .builtin),
            samplingRate: first(\.samplingRate),
            prometheusFilter: first(\.prometheusFilter),
            supersonicSelector: first(\.supersonicSelector),
            health: health,
            grafana: first(\.grafana),
            grafanaDatasource: first(\.grafanaDatasource) ?? Sourced(defaultGrafanaDatasource, .builtin),
            traceFileMaxBytes: first { $0.tempoFlattened.connection.maxResponseBytes } ?? Sourced(EndpointConfig.defaultMaxResponseBytes, .builtin))
    }

    private static func profileLayer(_ profile: Sourced<String>, in file: ConfigFile?) throws -> ConfigLayer {
        guard let file else {
            throw ConfigError.invalid("profile '\(profile.value)' (\(profile.origin)) needs a config file, and none was found")
        }
        if let layer = file.profiles[profile.value] { return layer }
        let names = file.profiles.keys.sorted()
        let known = names.isEmpty ? "the file has no profiles" : "profiles: " + names.joined(separator: ", ")
        let problem = "unknown profile '\(SafeText.clean(profile.value))' (\(known))"
        if case .file(_, let line) = profile.origin { throw ConfigError.file(path: file.path, line: line, problem: "current-profile: " + problem) }
        throw ConfigError.invalid("\(problem), named by \(profile.origin); see \(file.path)")
    }
}
