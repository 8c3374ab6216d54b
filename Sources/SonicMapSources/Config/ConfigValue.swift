import Foundation
import SonicMapCore

/// Parsing and checking of one setting's text, shared by flags, environment variables
/// and the config file so that all three accept exactly the same values.
public enum ConfigValue {
    /// An `http` or `https` base URL, with an optional path prefix (`https://mimir.example/prometheus`).
    /// User info is accepted (and redacted whenever shown); a query or fragment is not.
    public static func url(_ text: String) throws(ConfigValueError) -> String {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard let c = URLComponents(string: s), let scheme = c.scheme?.lowercased() else {
            throw ConfigValueError("is not a URL (expected http://host:port or https://host/prefix)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw ConfigValueError("must start with http:// or https://")
        }
        guard let host = c.host, !host.isEmpty else { throw ConfigValueError("has no host") }
        guard c.query == nil, c.fragment == nil else { throw ConfigValueError("must not have a query or fragment") }
        return s
    }

    /// Grafana's base URL for links (`grafana:`): like `url`, but refused with user info,
    /// because the link is copied to clipboards and shown on screen, where no secret goes.
    public static func grafanaURL(_ text: String) throws(ConfigValueError) -> String {
        let s = try url(text)
        if let c = URLComponents(string: s), c.user != nil || c.password != nil {
            throw ConfigValueError("must not hold credentials (user:password@): links are copied and shown on screen; sign in to Grafana in the browser instead")
        }
        return s
    }

    /// A Grafana datasource uid (`grafana-datasource:`): letters, digits, `-`, `_` and `.`,
    /// at most 40 characters, as Grafana allows.
    public static func datasourceUID(_ text: String) throws(ConfigValueError) -> String {
        let ok = !text.isEmpty && text.count <= 40
            && text.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
        guard ok else { throw ConfigValueError("'\(SafeText.clean(text))' is not a datasource uid (letters, digits, - _ ., at most 40; see the datasource's URL in Grafana)") }
        return text
    }

    /// The time window rates and quantiles are taken over: 10s to 30d.
    public static func window(_ text: String) throws(ConfigValueError) -> Double { try duration(text, in: 10...30 * 86_400) }

    /// The refresh interval: 1s to 1d.
    public static func refresh(_ text: String) throws(ConfigValueError) -> Double { try duration(text, in: 1...86_400) }

    /// A request or connect timeout: 0.1s to 1h.
    public static func timeout(_ text: String) throws(ConfigValueError) -> Double { try duration(text, in: 0.1...3_600) }

    /// A duration such as `30s`, `5m`, `1h30m` or plain seconds, within `range` seconds.
    /// The message names both bounds, whichever side the value falls on.
    private static func duration(_ text: String, in range: ClosedRange<Double>) throws(ConfigValueError) -> Double {
        guard let seconds = Formatting.parseInterval(text), seconds.isFinite else {
            throw ConfigValueError("'\(SafeText.clean(text))' is not a duration (try 30s, 5m or 1h)")
        }
        guard range.contains(seconds) else {
            func name(_ s: Double) -> String { s < 1 ? "\(s)s" : Formatting.interval(seconds: s) }
            throw ConfigValueError("must be between \(name(range.lowerBound)) and \(name(range.upperBound))")
        }
        return seconds
    }

    /// A sampling rate in (0, 1], such as `0.01`.
    public static func samplingRate(_ text: String) throws(ConfigValueError) -> Double {
        guard let p = Double(text.trimmingCharacters(in: .whitespaces)), p > 0, p <= 1 else {
            throw ConfigValueError("must be a number in (0, 1], for example 0.01")
        }
        return p
    }

    /// An error ratio: `2%`, `0.5 %` or a fraction such as `0.02`, between 0 and 1.
    public static func ratio(_ text: String) throws(ConfigValueError) -> Double {
        let s = text.trimmingCharacters(in: .whitespaces)
        let percent = s.hasSuffix("%")
        guard let n = Double(percent ? s.dropLast().trimmingCharacters(in: .whitespaces) : s), n.isFinite else {
            throw ConfigValueError("'\(SafeText.clean(text))' is not a ratio (try 2% or 0.02)")
        }
        let r = percent ? n / 100 : n
        guard (0...1).contains(r) else { throw ConfigValueError("must be between 0 and 1 (0%–100%)") }
        return r
    }

    /// A latency such as `250ms`, `1.5s`, `800us` or `2m`, in seconds; from 1µs to 24h.
    public static func latency(_ text: String) throws(ConfigValueError) -> Double {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, scale) in units where s.hasSuffix(unit) {
            guard let n = Double(s.dropLast(unit.count)), n.isFinite else { break }
            guard n > 0 else { throw ConfigValueError("must be above 0") }
            guard (1e-6...86_400).contains(n * scale) else { throw ConfigValueError("must be between 1µs and 24h") }
            return n * scale
        }
        throw ConfigValueError("'\(SafeText.clean(text))' is not a latency (try 250ms or 1.5s)")
    }

    /// PromQL label matchers such as `client!="user"`.
    public static func labelSelector(_ text: String) throws(ConfigValueError) -> LabelSelector {
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw ConfigValueError(error.description)
        }
    }

    /// A name (tenant, basic-auth user, file path): not empty, no control characters.
    public static func plainText(_ text: String) throws(ConfigValueError) -> String {
        guard !text.isEmpty else { throw ConfigValueError("is empty") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ConfigValueError("contains control characters")
        }
        return text
    }

    /// The name of an environment variable that holds a secret (`GRAFANA_TOKEN`).
    public static func variableName(_ text: String) throws(ConfigValueError) -> String {
        let startsWithDigit = text.first?.isNumber ?? true
        guard !startsWithDigit, text.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || isAlphanumeric($0) }) else { throw ConfigValueError("'\(SafeText.clean(text))' is not an environment variable name") }
        return text
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }
}
