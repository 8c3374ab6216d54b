/// The config file, `~/.config/sonicmap/config.yaml` (where exactly: `ConfigLocation`).
///
/// YAML with kebab-case keys. Every key is optional. The top level holds defaults for
/// every profile; a profile, chosen by `--profile`, `SONICMAP_PROFILE` or `current-profile`,
/// overrides them key by key; the environment and flags override both.
///
/// ```yaml
/// current-profile: geddes           # top level only: the profile used when none is named
/// tempo: https://tempo.example      # a URL, or a mapping for Tempo only:
///                                   #   {url: URL, plus any connection key below}
/// prometheus: https://mimir.example/prometheus   # the same, for Prometheus
/// # connection keys (for both endpoints here; per endpoint inside tempo:/prometheus:)
/// tenant: cms                       # X-Scope-OrgID
/// token-file: ~/.config/sonicmap/geddes.token    # bearer token read from a file, or
/// token-env: GEDDES_TOKEN           #   from an environment variable
/// basic-user: me                    # basic auth, with password-file: PATH or password-env: VAR
/// headers: {X-Site: geddes}         # extra request headers (never Authorization or Cookie)
/// tls: {ca-file: PATH, cert-file: PATH, key-file: PATH, insecure-skip-tls-verify: false}
/// timeout: 15s                      # whole request
/// connect-timeout: 5s
/// max-response-bytes: 256MiB        # or 1GiB, or plain bytes
/// # display and queries
/// window: 5m                        # at least 10s
/// refresh: 5s                       # at least 1s
/// sampling-rate: 0.01               # declared tracing sampling rate, in (0, 1]
/// prometheus-filter: 'client!="user"'            # matchers added to service-graph series
/// supersonic-selector: 'release=~"supersonic"'   # matchers added to Triton and Envoy series
/// health:                           # node and edge colours: warning and critical levels
///   error-warn: 1%                  #   error ratio (2% or 0.02)
///   error-crit: 5%
///   p95-warn: 500ms                 #   p95 latency
///   p95-crit: 1s
/// grafana: https://grafana.example  # Grafana's base URL: `o` links a trace or the map to
///                                   #   Explore (never with user:password@, which is refused)
/// grafana-datasource: tempo         # the uid of its Tempo datasource (default: tempo)
/// profiles:
///   geddes:                         # any key above except current-profile and profiles
///     tempo: https://tempo.geddes.example
/// ```
///
/// Relative file paths are relative to the config file's folder; `~` is the home folder.
/// Secrets never appear in the file: `token:` or `password:` is refused.
public struct ConfigFile: Equatable, Sendable {
    /// Where the file was read from.
    public var path: String
    /// The `current-profile` key.
    public var currentProfile: Sourced<String>?
    /// The top-level settings.
    public var defaults: ConfigLayer
    /// The named profiles.
    public var profiles: [String: ConfigLayer]

    public init(path: String, currentProfile: Sourced<String>? = nil, defaults: ConfigLayer = ConfigLayer(), profiles: [String: ConfigLayer] = [:]) {
        self.path = path
        self.currentProfile = currentProfile
        self.defaults = defaults
        self.profiles = profiles
    }

    /// Parses the file's text. Throws `ConfigError.file` with the path, line and problem.
    public init(parsing text: String, path: String) throws {
        self = try ConfigFileParser(path: path).parse(text)
    }
}
