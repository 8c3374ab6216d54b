import Foundation
import SonicMapCore

/// A complete HTTP response, whatever its status: callers decide what a status means.
public struct HTTPResponse: Sendable {
    /// The HTTP status code of the final response.
    public var status: Int
    /// Headers of the final response, names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The body after content decoding (gzip, deflate, br, zstd as libcurl supports).
    public var body: Data
    /// The request's URL without credentials or query, for messages.
    public var url: String

    public init(status: Int, headers: [String: String], body: Data, url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }

    /// The first `maxBytes` of the body as one line of inert text, `…` when cut: safe to
    /// put in an error message or on screen.
    public func excerpt(maxBytes: Int = 200) -> String {
        SafeText.excerpt(of: body, maxBytes: maxBytes)
    }
}
