import Foundation
import SonicMapCore
import Yams

/// Reads the YAML of a config file into a `ConfigFile`, naming the file, line and problem
/// for anything it does not accept. The schema is documented on `ConfigFile`.
struct ConfigFileParser {
    let path: String

    private static let connectionKeys = [
        "tenant", "token-file", "token-env", "basic-user", "password-file", "password-env", "headers", "tls",
        "timeout", "connect-timeout", "max-response-bytes",
    ]
    private static let endpointKeys = ["url"] + connectionKeys
    private static let layerKeys =
        ["tempo", "prometheus"] + connectionKeys + ["window", "refresh", "sampling-rate", "prometheus-filter", "supersonic-selector", "health", "grafana", "grafana-datasource"]
    private static let topKeys = ["current-profile", "profiles"] + layerKeys
    private static let tlsKeys = ["ca-file", "cert-file", "key-file", "insecure-skip-tls-verify"]
    private static let healthKeys = ["error-warn", "error-crit", "p95-warn", "p95-crit"]
    /// Keys that would hold a secret in the file, and what to write instead.
    private static let inlineSecrets = [
        "token": "token-file: PATH or token-env: VARIABLE",
        "bearer-token": "token-file: PATH or token-env: VARIABLE",
        "api-key": "token-file: PATH or token-env: VARIABLE",
        "password": "password-file: PATH or password-env: VARIABLE",
    ]

    func parse(_ text: String) throws -> ConfigFile {
        var file = ConfigFile(path: path)
        guard let root = try compose(text) else { return file }
        let top = try mapping(root, "the top level")
        var layerPairs: [(Node, Node)] = []
        for (keyNode, value) in top {
            let key = try checkKey(keyNode, allowed: Self.topKeys, at: "the top level")
            switch key {
            case "current-profile":
                file.currentProfile = Sourced(try parsed(value, key, keyNode, ConfigValue.plainText), .file(profile: nil, line: line(keyNode)))
            case "profiles":
                file.profiles = try profiles(value, keyNode)
            default:
                layerPairs.append((keyNode, value))
            }
        }
        file.defaults = try layer(layerPairs, profile: nil)
        return file
    }

    // MARK: Structure

    private func compose(_ text: String) throws -> Node? {
        do {
            let root = try Yams.compose(yaml: text)
            return root?.null == nil ? root : nil
        } catch let error as YamlError {
            throw syntaxError(error, text)
        }
    }

    private func profiles(_ node: Node, _ keyNode: Node) throws -> [String: ConfigLayer] {
        var result: [String: ConfigLayer] = [:]
        guard !isNull(node) else { return result }
        for (nameNode, body) in try mapping(node, "'profiles'", keyNode: keyNode) {
            let name = try parsed(nameNode, "profile name", nameNode, ConfigValue.plainText)
            if isNull(body) {
                result[name] = ConfigLayer()
                continue
            }
            let pairs = try mapping(body, "profile '\(name)'", keyNode: nameNode)
            for (k, _) in pairs { _ = try checkKey(k, allowed: Self.layerKeys, at: "profile '\(name)'") }
            result[name] = try layer(pairs.map { ($0.key, $0.value) }, profile: name)
        }
        return result
    }

    /// The settings of the top level or one profile; keys are already checked.
    private func layer(_ pairs: [(Node, Node)], profile: String?) throws -> ConfigLayer {
        var layer = ConfigLayer()
        var shared = ConnectionBuilder()
        for (keyNode, value) in pairs {
            let key = try keyName(keyNode)
            let origin = ConfigOrigin.file(profile: profile, line: line(keyNode))
            switch key {
            case "tempo": layer.tempo = try endpoint(value, keyNode, profile: profile)
            case "prometheus": layer.prometheus = try endpoint(value, keyNode, profile: profile)
            case "window": layer.window = Sourced(try parsed(value, key, keyNode, ConfigValue.window), origin)
            case "refresh": layer.refresh = Sourced(try parsed(value, key, keyNode, ConfigValue.refresh), origin)
            case "sampling-rate": layer.samplingRate = Sourced(try parsed(value, key, keyNode, ConfigValue.samplingRate), origin)
            case "prometheus-filter":
                layer.prometheusFilter = Sourced(try parsed(value, key, keyNode, ConfigValue.labelSelector), origin)
            case "supersonic-selector":
                layer.supersonicSelector = Sourced(try parsed(value, key, keyNode, ConfigValue.labelSelector), origin)
            case "health": layer.health = try health(value, keyNode, profile: profile)
            case "grafana": layer.grafana = Sourced(try parsed(value, key, keyNode, ConfigValue.grafanaURL), origin)
            case "grafana-datasource": layer.grafanaDatasource = Sourced(try parsed(value, key, keyNode, ConfigValue.datasourceUID), origin)
            default: try connectionKey(key, keyNode, value, into: &shared, origin: origin)
            }
        }
        layer.shared = try finish(shared)
        return layer
    }

    /// `tempo:` or `prometheus:`: a URL, or a mapping with `url` and connection keys.
    private func endpoint(_ value: Node, _ keyNode: Node, profile: String?) throws -> EndpointLayer {
        let name = try keyName(keyNode)
        guard case .mapping(let pairs) = value else {
            let url = try parsed(value, name, keyNode, ConfigValue.url)
            return EndpointLayer(url: Sourced(url, .file(profile: profile, line: line(keyNode))))
        }
        var endpoint = EndpointLayer()
        var connection = ConnectionBuilder()
        for (k, v) in pairs {
            let key = try checkKey(k, allowed: Self.endpointKeys, at: "'\(name)'")
            let origin = ConfigOrigin.file(profile: profile, line: line(k))
            if key == "url" {
                endpoint.url = Sourced(try parsed(v, "url", k, ConfigValue.url), origin)
            } else {
                try connectionKey(key, k, v, into: &connection, origin: origin)
            }
        }
        endpoint.connection = try finish(connection)
        return endpoint
    }

    /// A connection layer being read, with its auth keys kept apart until all are seen.
    private struct ConnectionBuilder {
        var layer = ConnectionLayer()
        var auth = AuthParts()
        /// The first auth key, for the origin of the combined auth and the line of its errors.
        var authKey: (node: Node, origin: ConfigOrigin)?
    }

    private func connectionKey(_ key: String, _ keyNode: Node, _ value: Node, into c: inout ConnectionBuilder, origin: ConfigOrigin) throws {
        switch key {
        case "tenant": c.layer.tenant = Sourced(try parsed(value, key, keyNode, ConfigValue.plainText), origin)
        case "token-file": c.auth.tokens.append((key, .file(try filePath(value, key, keyNode))))
        case "token-env": c.auth.tokens.append((key, .environment(try parsed(value, key, keyNode, ConfigValue.variableName))))
        case "basic-user": c.auth.user = (key, try parsed(value, key, keyNode, ConfigValue.plainText))
        case "password-file": c.auth.passwords.append((key, .file(try filePath(value, key, keyNode))))
        case "password-env": c.auth.passwords.append((key, .environment(try parsed(value, key, keyNode, ConfigValue.variableName))))
        case "headers": c.layer.headers = try headers(value, keyNode, origin: origin)
        case "tls": try tls(value, keyNode, into: &c.layer, origin: origin)
        case "timeout": c.layer.timeout = Sourced(try parsed(value, key, keyNode, ConfigValue.timeout), origin)
        case "connect-timeout": c.layer.connectTimeout = Sourced(try parsed(value, key, keyNode, ConfigValue.timeout), origin)
        case "max-response-bytes": c.layer.maxResponseBytes = Sourced(try parsed(value, key, keyNode, ByteSize.parse), origin)
        default: preconditionFailure("unhandled config key \(key)")
        }
        if key.hasPrefix("token-") || key.hasPrefix("password-") || key == "basic-user" { c.authKey = c.authKey ?? (keyNode, origin) }
    }

    private func finish(_ c: ConnectionBuilder) throws -> ConnectionLayer {
        var layer = c.layer
        guard let authKey = c.authKey else { return layer }
        do {
            if let auth = try c.auth.combined() { layer.auth = Sourced(auth, authKey.origin) }
        } catch {
            throw fail(authKey.node, error.problem)
        }
        return layer
    }

    private func headers(_ value: Node, _ keyNode: Node, origin: ConfigOrigin) throws -> [Sourced<ConfigHeader>] {
        var result: [Sourced<ConfigHeader>] = []
        for (nameNode, valueNode) in try mapping(value, "'headers'", keyNode: keyNode) {
            let name = try keyName(nameNode)
            let text = try parsed(valueNode, "headers: \(name)", nameNode) { $0 }
            do {
                result.append(Sourced(try ConfigHeader(name: name, value: text), origin))
            } catch {
                throw fail(nameNode, error.problem)
            }
        }
        return result
    }

    /// `health: {error-warn: 1%, error-crit: 5%, p95-warn: 500ms, p95-crit: 1s}`.
    private func health(_ value: Node, _ keyNode: Node, profile: String?) throws -> HealthLayer {
        var layer = HealthLayer()
        for (k, v) in try mapping(value, "'health'", keyNode: keyNode) {
            let key = try checkKey(k, allowed: Self.healthKeys, at: "'health'")
            let origin = ConfigOrigin.file(profile: profile, line: line(k))
            switch key {
            case "error-warn": layer.errorWarn = Sourced(try parsed(v, key, k, ConfigValue.ratio), origin)
            case "error-crit": layer.errorCrit = Sourced(try parsed(v, key, k, ConfigValue.ratio), origin)
            case "p95-warn": layer.p95Warn = Sourced(try parsed(v, key, k, ConfigValue.latency), origin)
            default: layer.p95Crit = Sourced(try parsed(v, key, k, ConfigValue.latency), origin)
            }
        }
        return layer
    }

    private func tls(_ value: Node, _ keyNode: Node, into layer: inout ConnectionLayer, origin: ConfigOrigin) throws {
        for (k, v) in try mapping(value, "'tls'", keyNode: keyNode) {
            let key = try checkKey(k, allowed: Self.tlsKeys, at: "'tls'")
            switch key {
            case "ca-file": layer.caFile = Sourced(try filePath(v, key, k), origin)
            case "cert-file": layer.certFile = Sourced(try filePath(v, key, k), origin)
            case "key-file": layer.keyFile = Sourced(try filePath(v, key, k), origin)
            default:
                guard case .scalar = v, let flag = v.bool else { throw fail(k, "\(key): must be true or false") }
                layer.insecureSkipTLSVerify = Sourced(flag, origin)
            }
        }
    }

    // MARK: Keys and values

    private func keyName(_ node: Node) throws -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw fail(node, "a key must be a plain name") }
        return s.string
    }

    /// The key's name, once it is known to be allowed here; refuses secrets and unknown keys.
    private func checkKey(_ node: Node, allowed: [String], at place: String) throws -> String {
        let key = try keyName(node)
        if let instead = Self.inlineSecrets[key.lowercased()] {
            throw fail(node, "'\(key)' would put a secret in the config file, which is refused: use \(instead)")
        }
        guard allowed.contains(key) else {
            let shown = SafeText.clean(key)
            var problem = "unknown key '\(shown)' in \(place)"
            if let guess = KeySuggestion.closest(to: key, among: allowed) {
                problem += " (did you mean '\(guess)'?)"
            } else if Self.tlsKeys.contains(key) {
                problem += " ('\(key)' goes under 'tls:')"
            } else if Self.topKeys.contains(key) {
                problem += " ('\(key)' is not allowed here)"
            }
            throw fail(node, problem)
        }
        return key
    }

    private func mapping(_ node: Node, _ what: String, keyNode: Node? = nil) throws -> Node.Mapping {
        guard case .mapping(let m) = node else {
            throw fail(keyNode ?? node, "\(what) must be a mapping of 'key: value' entries, not \(kind(node))")
        }
        return m
    }

    /// A scalar value parsed by `parse`; the error names the key and is placed at its line.
    private func parsed<T>(_ value: Node, _ key: String, _ keyNode: Node, _ parse: (String) throws(ConfigValueError) -> T) throws -> T {
        guard case .scalar(let s) = value, !isNull(value) else {
            throw fail(keyNode, "\(key): expected a value, not \(kind(value))")
        }
        do {
            return try parse(s.string)
        } catch {
            throw fail(keyNode, "\(key): \(error.problem)")
        }
    }

    /// A file path, made absolute against the config file's folder unless it starts with `/` or `~`.
    private func filePath(_ value: Node, _ key: String, _ keyNode: Node) throws -> String {
        let p = try parsed(value, key, keyNode, ConfigValue.plainText)
        if p.hasPrefix("/") || p.hasPrefix("~") { return p }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(p)
    }

    private func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar: isNull(node) ? "nothing" : "'\(SafeText.clean(node.string ?? ""))'"
        case .alias: "an alias"
        }
    }

    // MARK: Errors

    private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    private func fail(_ node: Node, _ problem: String) -> ConfigError { .file(path: path, line: line(node), problem: problem) }

    private func syntaxError(_ error: YamlError, _ text: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text), line \($0.mark.line))" } ?? ""
            return .file(path: path, line: mark.line, problem: "not valid YAML: \(problem)\(around)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in text.prefix(o).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } } ?? 0
            return .file(path: path, line: line, problem: "not readable as YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\(SafeText.clean($0))'" }.joined(separator: ", ")
            return .file(path: path, line: context.mark.line, problem: "key \(names) is given twice")
        default:
            return .file(path: path, line: 0, problem: "not valid YAML: \(error)")
        }
    }
}
