import Foundation

/// Where the config file is looked for: `--config PATH`, else `$SONICMAP_CONFIG`, else
/// `$XDG_CONFIG_HOME/sonicmap/config.yaml` when that variable holds an absolute path,
/// else `~/.config/sonicmap/config.yaml`.
public struct ConfigLocation: Equatable, Sendable {
    /// The file's path, `~` expanded.
    public var path: String
    /// `.flag("--config")`, `.environment("SONICMAP_CONFIG")`, or `.builtin` for the XDG location.
    public var origin: ConfigOrigin

    public init(path: String, origin: ConfigOrigin) {
        self.path = path
        self.origin = origin
    }

    /// Where to look, from the `--config` flag (if given) and the environment.
    public static func resolve(flag: String?, environment: [String: String]) -> ConfigLocation {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func expand(_ p: String) -> String {
            p == "~" ? home : p.hasPrefix("~/") ? home + p.dropFirst(1) : p
        }
        if let flag, !flag.isEmpty { return ConfigLocation(path: expand(flag), origin: .flag("--config")) }
        if let env = environment[ConfigEnvironment.config], !env.isEmpty {
            return ConfigLocation(path: expand(env), origin: .environment(ConfigEnvironment.config))
        }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        return ConfigLocation(path: base + "/sonicmap/config.yaml", origin: .builtin)
    }

    /// Reads and parses the file. A missing file at the default location is no file (nil);
    /// a missing file named by `--config` or `SONICMAP_CONFIG` is an error.
    public func load() throws -> ConfigFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            if !exists && origin == .builtin { return nil }
            throw ConfigError.file(path: path, line: 0, problem: exists ? "cannot read the file" : "no such file (named by \(origin))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.file(path: path, line: 0, problem: "not UTF-8 text")
        }
        return try ConfigFile(parsing: text, path: path)
    }
}
