/// How to talk to an endpoint, as one layer (flags, environment, a profile, the file's
/// top level) says it. Every field is optional: nil means "this layer does not say".
public struct ConnectionLayer: Equatable, Sendable {
    /// `X-Scope-OrgID`.
    public var tenant: Sourced<String>?
    /// Bearer or basic auth; a layer gives all of it or none of it.
    public var auth: Sourced<AuthConfig>?
    /// Extra headers; layers merge them by name (case-insensitive), the higher layer winning.
    public var headers: [Sourced<ConfigHeader>]
    public var caFile: Sourced<String>?
    public var certFile: Sourced<String>?
    public var keyFile: Sourced<String>?
    public var insecureSkipTLSVerify: Sourced<Bool>?
    /// Seconds.
    public var timeout: Sourced<Double>?
    /// Seconds.
    public var connectTimeout: Sourced<Double>?
    public var maxResponseBytes: Sourced<Int>?

    public init(
        tenant: Sourced<String>? = nil, auth: Sourced<AuthConfig>? = nil, headers: [Sourced<ConfigHeader>] = [],
        caFile: Sourced<String>? = nil, certFile: Sourced<String>? = nil, keyFile: Sourced<String>? = nil,
        insecureSkipTLSVerify: Sourced<Bool>? = nil, timeout: Sourced<Double>? = nil, connectTimeout: Sourced<Double>? = nil,
        maxResponseBytes: Sourced<Int>? = nil
    ) {
        self.tenant = tenant
        self.auth = auth
        self.headers = headers
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// This layer's fields where it has them, `lower`'s elsewhere; headers merged by name.
    public func overlaid(on lower: ConnectionLayer) -> ConnectionLayer {
        let names = Set(headers.map { $0.value.name.lowercased() })
        return ConnectionLayer(
            tenant: tenant ?? lower.tenant, auth: auth ?? lower.auth,
            headers: lower.headers.filter { !names.contains($0.value.name.lowercased()) } + headers,
            caFile: caFile ?? lower.caFile, certFile: certFile ?? lower.certFile, keyFile: keyFile ?? lower.keyFile,
            insecureSkipTLSVerify: insecureSkipTLSVerify ?? lower.insecureSkipTLSVerify,
            timeout: timeout ?? lower.timeout, connectTimeout: connectTimeout ?? lower.connectTimeout,
            maxResponseBytes: maxResponseBytes ?? lower.maxResponseBytes)
    }
}
