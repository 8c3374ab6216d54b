/// Where one configuration value came from, for precedence and for `sonicmap config show`.
///
/// Precedence, per field: flag > environment > profile > top level of the config file > built-in default.
public enum ConfigOrigin: Equatable, Sendable, CustomStringConvertible {
    /// A command-line flag, by its spelling (`--tempo`).
    case flag(String)
    /// An environment variable, by name (`SONICMAP_TEMPO_URL`).
    case environment(String)
    /// The config file: a named profile, or its top level when `profile` is nil; `line` is 1-based.
    case file(profile: String?, line: Int)
    /// sonicmap's own default.
    case builtin

    /// `flag --tempo`, `env SONICMAP_TENANT`, `profile geddes, line 4`, `config file, line 2`, `default`.
    public var description: String {
        switch self {
        case .flag(let name): "flag \(name)"
        case .environment(let name): "env \(name)"
        case .file(let profile?, let line): "profile \(profile), line \(line)"
        case .file(nil, let line): "config file, line \(line)"
        case .builtin: "default"
        }
    }
}
