import Foundation
import SonicMapCore

/// An extra request header from `--header 'Name: value'` or the config file's `headers:`.
///
/// Headers that carry credentials are refused: a secret must come from a file or an
/// environment variable (`token-file`, `token-env`, `password-file`, `password-env`).
public struct ConfigHeader: Equatable, Sendable {
    public var name: String
    public var value: String

    private static let credentialHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]
    private static let sensitiveWords = ["auth", "token", "key", "secret", "password", "cookie", "session"]

    /// Checks the name (an HTTP token) and value (no line breaks or control characters).
    public init(name: String, value: String) throws(ConfigValueError) {
        let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)
        guard !name.isEmpty, name.utf8.allSatisfy({ ConfigValue.isAlphanumeric($0) || tokenPunctuation.contains($0) }) else {
            throw ConfigValueError(
                "the header name (before ':') is not a valid HTTP header name: use letters, digits and '-', as in 'X-Api-Key: value' (the text is not shown: it may hold a secret)")
        }
        guard !Self.credentialHeaders.contains(name.lowercased()) else {
            throw ConfigValueError(
                "header \(name) carries credentials and is not accepted as a plain value: use token-file/token-env (bearer) or basic-user with password-file/password-env")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) else {
            throw ConfigValueError("the value of header \(name) contains control characters")
        }
        self.name = name
        self.value = value.trimmingCharacters(in: .whitespaces)
    }

    /// Parses `Name: value`, as curl's `-H` takes it.
    public init(parsing text: String) throws(ConfigValueError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw ConfigValueError("is not 'Name: value': it has no ':' (the text is not shown: it may hold a secret)")
        }
        try self.init(name: String(text[..<colon]).trimmingCharacters(in: .whitespaces), value: String(text[text.index(after: colon)...]))
    }

    /// Whether the name suggests the value is sensitive (`X-Api-Key`), so displays hide it.
    public var looksSensitive: Bool {
        let lower = name.lowercased()
        return Self.sensitiveWords.contains { lower.contains($0) }
    }
}
