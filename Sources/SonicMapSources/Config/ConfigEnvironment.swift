/// The environment variables sonicmap reads, between flags and the config file in precedence.
///
/// Empty variables count as unset. A token or password may be held in an environment
/// variable (it is read when a request is built, never printed):
///
/// | variable | setting |
/// |---|---|
/// | `SONICMAP_TEMPO_URL`, `SONICMAP_PROMETHEUS_URL` | endpoint URLs |
/// | `SONICMAP_TENANT` | `X-Scope-OrgID` for both endpoints |
/// | `SONICMAP_TOKEN` (the token itself) or `SONICMAP_TOKEN_FILE` | bearer token |
/// | `SONICMAP_BASIC_USER` with `SONICMAP_PASSWORD` (itself) or `SONICMAP_PASSWORD_FILE` | basic auth |
/// | `SONICMAP_PROFILE` | the profile, as `--profile` |
/// | `SONICMAP_CONFIG` | the config file, as `--config` |
/// | `SONICMAP_WINDOW`, `SONICMAP_REFRESH`, `SONICMAP_SAMPLING_RATE` | as `--window`, `--refresh`, `--sampling-rate` |
public enum ConfigEnvironment {
    public static let tempoURL = "SONICMAP_TEMPO_URL"
    public static let prometheusURL = "SONICMAP_PROMETHEUS_URL"
    public static let tenant = "SONICMAP_TENANT"
    public static let token = "SONICMAP_TOKEN"
    public static let tokenFile = "SONICMAP_TOKEN_FILE"
    public static let basicUser = "SONICMAP_BASIC_USER"
    public static let password = "SONICMAP_PASSWORD"
    public static let passwordFile = "SONICMAP_PASSWORD_FILE"
    public static let profile = "SONICMAP_PROFILE"
    public static let config = "SONICMAP_CONFIG"
    public static let window = "SONICMAP_WINDOW"
    public static let refresh = "SONICMAP_REFRESH"
    public static let samplingRate = "SONICMAP_SAMPLING_RATE"

    /// The layer the environment gives. Throws `ConfigError.invalid` naming the variable.
    public static func layer(_ environment: [String: String]) throws -> ConfigLayer {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func read<T>(_ name: String, _ parse: (String) throws(ConfigValueError) -> T) throws -> Sourced<T>? {
            guard let text = value(name) else { return nil }
            do {
                return Sourced(try parse(text), .environment(name))
            } catch {
                throw ConfigError.invalid("\(name): \(error.problem)")
            }
        }
        var layer = ConfigLayer()
        layer.profile = try read(profile, ConfigValue.plainText)
        layer.tempo.url = try read(tempoURL, ConfigValue.url)
        layer.prometheus.url = try read(prometheusURL, ConfigValue.url)
        layer.shared.tenant = try read(tenant, ConfigValue.plainText)
        layer.window = try read(window, ConfigValue.window)
        layer.refresh = try read(refresh, ConfigValue.refresh)
        layer.samplingRate = try read(samplingRate, ConfigValue.samplingRate)

        var auth = AuthParts()
        if value(token) != nil { auth.tokens.append((token, .environment(token))) }
        if let path = value(tokenFile) { auth.tokens.append((tokenFile, .file(path))) }
        if let user = try read(basicUser, ConfigValue.plainText) { auth.user = (basicUser, user.value) }
        if value(password) != nil { auth.passwords.append((password, .environment(password))) }
        if let path = value(passwordFile) { auth.passwords.append((passwordFile, .file(path))) }
        do {
            if let combined = try auth.combined() {
                let origin = auth.tokens.first?.name ?? auth.user?.name ?? basicUser
                layer.shared.auth = Sourced(combined, .environment(origin))
            }
        } catch {
            throw ConfigError.invalid(error.problem)
        }
        return layer
    }
}
