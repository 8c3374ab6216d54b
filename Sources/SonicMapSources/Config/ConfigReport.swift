import Foundation
import SonicMapCore

/// What `sonicmap config show` prints: the effective configuration, each value with its
/// origin. Secrets are never read into the output: a token or password shows where it
/// comes from and whether it is there (`from file ~/.t (set)`, `from env VAR (unset)`).
/// URLs lose any user:password, and values of headers whose names look sensitive are hidden.
public struct ConfigReport {
    /// One line of the report.
    struct Entry {
        var key: String
        var text: String
        var json: JSONScalar
        var origin: ConfigOrigin?
    }

    /// A JSON value of one entry.
    enum JSONScalar {
        case string(String), number(Double), bool(Bool), null
    }

    let location: ConfigLocation
    let fileFound: Bool
    let effective: EffectiveConfig
    let environment: [String: String]

    /// - Parameters:
    ///   - fileFound: whether a config file was read at `location`.
    ///   - environment: used only to tell whether secret-holding variables are set.
    public init(location: ConfigLocation, fileFound: Bool, effective: EffectiveConfig, environment: [String: String]) {
        self.location = location
        self.fileFound = fileFound
        self.effective = effective
        self.environment = environment
    }

    // MARK: Text

    /// Aligned `key  value  origin` lines in sections.
    public var text: String {
        var out = "config file  \(location.path)  (\(location.origin == .builtin ? "default location" : location.origin.description); "
        out += fileFound ? "read)\n" : "not found)\n"
        let profile = effective.profile.map { p -> String in
            guard case .file(nil, let line) = p.origin else { return "\(p.value)  (\(originText(p.origin)))" }
            return "\(p.value)  (current-profile, config file line \(line))"
        }
        out += "profile      " + (profile ?? "(none)") + "\n"
        for (name, resolved, hint) in endpoints {
            out += "\n\(name)\n"
            guard let resolved else {
                out += "  not configured: give \(hint)\n"
                continue
            }
            out += table(endpointEntries(resolved), indent: "  ")
        }
        out += "\n" + table(generalEntries, indent: "")
        return out
    }

    private func table(_ entries: [Entry], indent: String) -> String {
        let keyWidth = entries.map(\.key.count).max() ?? 0
        let valueWidth = min(60, entries.map(\.text.count).max() ?? 0)
        return entries.map { e in
            let key = e.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            guard let origin = e.origin else { return indent + key + "  " + e.text + "\n" }
            let value = e.text.count < valueWidth ? e.text.padding(toLength: valueWidth, withPad: " ", startingAt: 0) : e.text
            return indent + key + "  " + value + "  " + originText(origin) + "\n"
        }.joined()
    }

    private func originText(_ origin: ConfigOrigin) -> String {
        if case .file(let profile, let line) = origin, profile == nil, line > 0 { return "config file line \(line)" }
        return origin.description
    }

    // MARK: JSON

    /// One JSON object; every setting is `{"value": …, "origin": {"kind": …}}`, durations in
    /// seconds, sizes in bytes and ratios as fractions; an endpoint not configured is `null`;
    /// the health thresholds are under `health`.
    public var json: String {
        var w = JSONDocumentWriter()
        w.beginObject()
        w.beginObject("configFile")
        w.string("path", location.path)
        writeOrigin(&w, location.origin)
        w.bool("found", fileFound)
        w.endObject()
        if let p = effective.profile {
            writeSetting(&w, Entry(key: "profile", text: p.value, json: .string(p.value), origin: p.origin))
        } else {
            w.null("profile")
        }
        for (name, resolved, _) in endpoints {
            guard let resolved else {
                w.null(name)
                continue
            }
            w.beginObject(name)
            let entries = endpointEntries(resolved)
            for e in entries where !e.key.hasPrefix("header ") { writeSetting(&w, e) }
            w.beginObject("headers")
            for e in entries where e.key.hasPrefix("header ") { writeSetting(&w, Entry(key: String(e.key.dropFirst(7)), text: e.text, json: e.json, origin: e.origin)) }
            w.endObject()
            w.endObject()
        }
        for e in generalEntries where !e.key.hasPrefix("health ") { writeSetting(&w, e) }
        w.beginObject("health")
        for e in healthEntries { writeSetting(&w, Entry(key: String(e.key.dropFirst(7)), text: e.text, json: e.json, origin: e.origin)) }
        w.endObject()
        w.endObject()
        return w.text + "\n"
    }

    private func writeSetting(_ w: inout JSONDocumentWriter, _ e: Entry) {
        w.beginObject(e.key)
        switch e.json {
        case .string(let s): w.string("value", s)
        case .number(let n): w.number("value", n)
        case .bool(let b): w.bool("value", b)
        case .null: w.null("value")
        }
        if let origin = e.origin { writeOrigin(&w, origin) } else { w.null("origin") }
        w.endObject()
    }

    private func writeOrigin(_ w: inout JSONDocumentWriter, _ origin: ConfigOrigin) {
        w.beginObject("origin")
        switch origin {
        case .flag(let name):
            w.string("kind", "flag")
            w.string("name", name)
        case .environment(let name):
            w.string("kind", "env")
            w.string("name", name)
        case .file(let profile, let line):
            w.string("kind", profile == nil ? "file" : "profile")
            if let profile { w.string("profile", profile) }
            w.int("line", Int64(line))
        case .builtin:
            w.string("kind", "default")
        }
        w.endObject()
    }

    // MARK: Entries

    private var endpoints: [(String, ResolvedEndpoint?, String)] {
        [
            ("tempo", effective.tempoSettings, "--tempo URL, \(ConfigEnvironment.tempoURL) or 'tempo:' in the config file"),
            ("prometheus", effective.prometheusSettings, "--prometheus URL, \(ConfigEnvironment.prometheusURL) or 'prometheus:' in the config file"),
        ]
    }

    private func endpointEntries(_ r: ResolvedEndpoint) -> [Entry] {
        let c = r.connection
        let config = r.config
        let redacted = config.redactedURL
        let hasUserInfo = URLComponents(string: config.baseURL).map { $0.user != nil || $0.password != nil } ?? false
        let urlText = hasUserInfo ? redacted + " (credentials hidden)" : redacted
        var entries = [Entry(key: "url", text: urlText, json: .string(redacted), origin: r.url.origin)]
        entries.append(optional("tenant", c.tenant) { $0 })
        switch c.auth?.value {
        case .bearer(let token)?:
            entries.append(secret("token", token, c.auth?.origin))
        case .basic(let user, let password)?:
            entries.append(Entry(key: "basic-user", text: user, json: .string(user), origin: c.auth?.origin))
            entries.append(secret("password", password, c.auth?.origin))
        case .none?, nil:
            entries.append(Entry(key: "auth", text: "none", json: .null, origin: c.auth?.origin ?? .builtin))
        }
        for h in c.headers {
            let value = h.value.looksSensitive ? "(hidden)" : h.value.value
            entries.append(Entry(key: "header " + h.value.name, text: value, json: .string(value), origin: h.origin))
        }
        entries.append(optional("ca-file", c.caFile) { $0 })
        entries.append(optional("cert-file", c.certFile) { $0 })
        entries.append(optional("key-file", c.keyFile) { $0 })
        let insecure = config.tls.insecureSkipVerify
        entries.append(Entry(
            key: "insecure-skip-tls-verify", text: insecure ? "true (TLS verification OFF)" : "false", json: .bool(insecure),
            origin: c.insecureSkipTLSVerify?.origin ?? .builtin))
        entries.append(seconds("timeout", config.timeoutSeconds, c.timeout?.origin))
        entries.append(seconds("connect-timeout", config.connectTimeoutSeconds, c.connectTimeout?.origin))
        entries.append(Entry(
            key: "max-response-bytes", text: ByteSize.format(config.maxResponseBytes), json: .number(Double(config.maxResponseBytes)),
            origin: c.maxResponseBytes?.origin ?? .builtin))
        return entries
    }

    private var generalEntries: [Entry] {
        [
            seconds("window", effective.window.value, effective.window.origin),
            seconds("refresh", effective.refresh.value, effective.refresh.origin),
            effective.samplingRate.map { Entry(key: "sampling-rate", text: "\($0.value)", json: .number($0.value), origin: $0.origin) }
                ?? Entry(key: "sampling-rate", text: "(none)", json: .null, origin: .builtin),
            optional("prometheus-filter", effective.prometheusFilter) { $0.description },
            optional("supersonic-selector", effective.supersonicSelector) { $0.description },
            optional("grafana", effective.grafana) { $0 },
            Entry(key: "grafana-datasource", text: effective.grafanaDatasource.value, json: .string(effective.grafanaDatasource.value),
                  origin: effective.grafanaDatasource.origin),
        ] + healthEntries
    }

    /// The four health thresholds, standard ones marked as defaults.
    private var healthEntries: [Entry] {
        let h = effective.health, t = h.thresholds
        func ratio(_ key: String, _ value: Double, _ s: Sourced<Double>?) -> Entry {
            Entry(key: key, text: Formatting.percent(value), json: .number(value), origin: s?.origin ?? .builtin)
        }
        func latency(_ key: String, _ value: Double, _ s: Sourced<Double>?) -> Entry {
            Entry(key: key, text: Formatting.duration(seconds: value), json: .number(value), origin: s?.origin ?? .builtin)
        }
        return [
            ratio("health error-warn", t.errorWarning, h.errorWarn), ratio("health error-crit", t.errorCritical, h.errorCrit),
            latency("health p95-warn", t.p95Warning, h.p95Warn), latency("health p95-crit", t.p95Critical, h.p95Crit),
        ]
    }

    private func optional<T>(_ key: String, _ value: Sourced<T>?, _ show: (T) -> String) -> Entry {
        guard let value else { return Entry(key: key, text: "(none)", json: .null, origin: .builtin) }
        let text = show(value.value)
        return Entry(key: key, text: text, json: .string(text), origin: value.origin)
    }

    private func seconds(_ key: String, _ value: Double, _ origin: ConfigOrigin?) -> Entry {
        let text = value == value.rounded() ? Formatting.interval(seconds: value) : "\(value)s"
        return Entry(key: key, text: text, json: .number(value), origin: origin ?? .builtin)
    }

    /// Where a secret comes from and whether it is there; the value itself is read only to check that.
    private func secret(_ key: String, _ source: SecretSource, _ origin: ConfigOrigin?) -> Entry {
        let text: String
        switch source {
        case .environment(let name):
            text = "from env \(name) (\((environment[name] ?? "").isEmpty ? "unset" : "set"))"
        case .file(let path):
            let status: String
            if let value = try? source.read(environment: environment) {
                status = value.isEmpty ? "empty" : "set"
            } else {
                status = "cannot read"
            }
            text = "from file \(path) (\(status))"
        }
        return Entry(key: key, text: text, json: .string(text), origin: origin)
    }
}
