/// Removes what a URL may carry that is secret: `user:password@`, the query string and
/// the fragment (tokens are often passed as `?token=…`). Snapshots, screens and logs show
/// endpoints only through this.
public enum CredentialFreeURL {
    public static func clean(_ url: String) -> String {
        var rest = Substring(url)
        var scheme = ""
        if let r = rest.range(of: "://") {
            scheme = String(rest[..<r.upperBound])
            rest = rest[r.upperBound...]
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return SafeText.clean(scheme + rest)
    }
}
