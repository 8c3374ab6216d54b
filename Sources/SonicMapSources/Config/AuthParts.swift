/// The auth settings one layer gives, each with the name it was given by (`--token-file`,
/// `SONICMAP_TOKEN`, `token-env`), before they are combined into one `AuthConfig`.
public struct AuthParts: Sendable {
    /// A named setting's value.
    public typealias Named<Value: Sendable> = (name: String, value: Value)

    public var tokens: [Named<SecretSource>] = []
    public var user: Named<String>?
    public var passwords: [Named<SecretSource>] = []

    public init() {}

    /// Bearer, basic, or nil when nothing was given; throws on a conflicting or incomplete set.
    public func combined() throws(ConfigValueError) -> AuthConfig? {
        if tokens.count > 1 { throw ConfigValueError("\(tokens[0].name) and \(tokens[1].name) both give a token: keep one") }
        if passwords.count > 1 {
            throw ConfigValueError("\(passwords[0].name) and \(passwords[1].name) both give a password: keep one")
        }
        if let token = tokens.first {
            if let other = user?.name ?? passwords.first?.name {
                throw ConfigValueError("\(token.name) (bearer token) and \(other) (basic auth) cannot be used together: choose one")
            }
            return .bearer(token: token.value)
        }
        switch (user, passwords.first) {
        case (nil, nil): return nil
        case (let user?, let password?): return .basic(user: user.value, password: password.value)
        case (let user?, nil):
            throw ConfigValueError("\(user.name) needs a password from a file or an environment variable (password-file or password-env)")
        case (nil, let password?): throw ConfigValueError("\(password.name) needs a user name (basic-user)")
        }
    }
}
