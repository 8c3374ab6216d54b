import Foundation
import SonicMapCore

/// Warns when credentials would travel unencrypted: a bearer token, a basic-auth
/// password or a password in the URL sent over plain `http://` to a host other than this
/// machine. Loopback (`localhost`, `127.0.0.0/8`, `::1`, e.g. a `kubectl port-forward`)
/// is fine; anything else can be read on the network path.
public enum PlainTextCredentials {
    /// The warning for `endpoint` (named `name`, e.g. "Tempo"), or nil when it is safe.
    public static func warning(_ name: String, _ endpoint: EndpointConfig) -> String? {
        guard let url = URLComponents(string: endpoint.baseURL), url.scheme?.lowercased() == "http", let host = url.host, !isLoopback(host) else {
            return nil
        }
        let what: String
        switch endpoint.auth {
        case .bearer: what = "a bearer token"
        case .basic: what = "a basic-auth password"
        case .none:
            guard url.password != nil else { return nil }
            what = "the password in the URL"
        }
        return "\(name) (\(endpoint.redactedURL)) gets \(what) over plain http:// to \(SafeText.clean(host)), where anyone on the network path can read it: use https://"
    }

    /// `localhost`, anything in 127.0.0.0/8, and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
