import Foundation

/// One endpoint after resolution: every setting with the origin of its winning value.
public struct ResolvedEndpoint: Equatable, Sendable {
    public var url: Sourced<String>
    /// The winning value of each connection setting; nil where sonicmap's default applies.
    public var connection: ConnectionLayer

    public init(url: Sourced<String>, connection: ConnectionLayer) {
        self.url = url
        self.connection = connection
    }

    /// What the HTTP client uses: the settings above, defaults filled in, `~` expanded in TLS paths.
    public var config: EndpointConfig {
        func expand(_ path: Sourced<String>?) -> String? { path.map { ($0.value as NSString).expandingTildeInPath } }
        var c = EndpointConfig(
            baseURL: url.value, tenant: connection.tenant?.value, auth: connection.auth?.value ?? .none,
            tls: TLSConfig(
                caFile: expand(connection.caFile), clientCertFile: expand(connection.certFile), clientKeyFile: expand(connection.keyFile),
                insecureSkipVerify: connection.insecureSkipTLSVerify?.value ?? false),
            headers: connection.headers.map { ($0.value.name, $0.value.value) })
        if let t = connection.timeout { c.timeoutSeconds = t.value }
        if let t = connection.connectTimeout { c.connectTimeoutSeconds = t.value }
        if let m = connection.maxResponseBytes { c.maxResponseBytes = m.value }
        return c
    }
}
