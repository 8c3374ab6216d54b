import Foundation

/// Where a secret comes from. Secrets are never given as plain flag values, so they
/// cannot leak through shell history or `ps`; they are read when a request is built.
public enum SecretSource: Equatable, Sendable, CustomStringConvertible {
    /// The value of an environment variable.
    case environment(String)
    /// The contents of a file, trailing newline removed.
    case file(String)

    /// Reads the secret now.
    public func read(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        switch self {
        case .environment(let name):
            guard let v = env[name], !v.isEmpty else { throw ConfigError.secretMissing("environment variable \(name) is not set") }
            return v
        case .file(let path):
            let expanded = (path as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: expanded), let text = String(data: data, encoding: .utf8) else {
                throw ConfigError.secretMissing("cannot read secret file \(path)")
            }
            return text.trimmingCharacters(in: .newlines)
        }
    }

    /// Where the secret comes from, never its value.
    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        }
    }
}

/// How requests authenticate.
public enum AuthConfig: Equatable, Sendable {
    case none
    /// `Authorization: Bearer <token>`.
    case bearer(token: SecretSource)
    /// HTTP basic auth.
    case basic(user: String, password: SecretSource)
}

/// TLS settings. Verification stays on unless `insecureSkipVerify` is set, by that name.
public struct TLSConfig: Equatable, Sendable {
    public var caFile: String?
    public var clientCertFile: String?
    public var clientKeyFile: String?
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, clientCertFile: String? = nil, clientKeyFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.clientCertFile = clientCertFile
        self.clientKeyFile = clientKeyFile
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// One HTTP endpoint (Tempo or Prometheus) and how to talk to it.
public struct EndpointConfig: Equatable, Sendable {
    /// Base URL including any path prefix (`https://mimir.example/prometheus`), no trailing slash.
    public var baseURL: String
    /// `X-Scope-OrgID`, for multi-tenant Tempo, Mimir and Thanos.
    public var tenant: String?
    public var auth: AuthConfig
    public var tls: TLSConfig
    /// Extra request headers (name, value), sent as given.
    public var headers: [(String, String)]
    /// Seconds for a whole request, and for connecting.
    public var timeoutSeconds: Double
    public var connectTimeoutSeconds: Double
    /// Largest response body accepted, counted after decompression.
    public var maxResponseBytes: Int

    public static let defaultMaxResponseBytes = 256 << 20

    public init(
        baseURL: String, tenant: String? = nil, auth: AuthConfig = .none, tls: TLSConfig = TLSConfig(), headers: [(String, String)] = [],
        timeoutSeconds: Double = 15, connectTimeoutSeconds: Double = 5, maxResponseBytes: Int = EndpointConfig.defaultMaxResponseBytes
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tenant = tenant
        self.auth = auth
        self.tls = tls
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }

    public static func == (a: EndpointConfig, b: EndpointConfig) -> Bool {
        a.baseURL == b.baseURL && a.tenant == b.tenant && a.auth == b.auth && a.tls == b.tls
            && a.headers.map(\.0) == b.headers.map(\.0) && a.headers.map(\.1) == b.headers.map(\.1)
            && a.timeoutSeconds == b.timeoutSeconds && a.connectTimeoutSeconds == b.connectTimeoutSeconds
            && a.maxResponseBytes == b.maxResponseBytes
    }

    /// The base URL with any user:password removed, for display and snapshots.
    public var redactedURL: String {
        guard var c = URLComponents(string: baseURL) else { return baseURL }
        c.user = nil
        c.password = nil
        return c.string ?? baseURL
    }
}

/// A configuration problem, with what to do about it.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case secretMissing(String)
    /// A config file problem: file, line (1-based, 0 if unknown) and what is wrong.
    case file(path: String, line: Int, problem: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .secretMissing(let s): s
        case .file(let path, let line, let problem): line > 0 ? "\(path):\(line): \(problem)" : "\(path): \(problem)"
        case .invalid(let s): s
        }
    }
}
