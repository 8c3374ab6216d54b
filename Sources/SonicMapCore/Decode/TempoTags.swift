import Foundation

/// The tag names of one TraceQL scope (`resource`, `span`, `intrinsic`, …), from `/api/v2/search/tags`.
public struct TempoTagScope: Equatable, Sendable {
    public var name: String
    public var tags: [String]

    public init(name: String, tags: [String]) {
        self.name = name
        self.tags = tags
    }
}

/// A typed tag value from `/api/v2/search/tag/<tag>/values` (`type` is `string`, `int`, …).
public struct TempoTagValue: Equatable, Sendable {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }
}

/// Reads Tempo's tag answers, v1 and v2. Pure.
public enum TempoTags {
    /// v1 `/api/search/tags`: `{"tagNames":[…]}`.
    public static func names(_ body: Data) throws(TempoPayloadError) -> [String] {
        try strings(TempoJSON.object(body, "tags response")["tagNames"], "tagNames")
    }

    /// v2 `/api/v2/search/tags`: `{"scopes":[{"name","tags"}]}`.
    public static func scopes(_ body: Data) throws(TempoPayloadError) -> [TempoTagScope] {
        let root = try TempoJSON.object(body, "tags response")
        guard let list = root["scopes"] as? [Any] ?? (root["scopes"] == nil ? [] : nil) else {
            throw TempoPayloadError("\"scopes\" is not an array")
        }
        var out: [TempoTagScope] = []
        for item in list {
            guard let s = item as? [String: Any], let name = s["name"] as? String else { throw TempoPayloadError("a scope has no name") }
            out.append(TempoTagScope(name: name, tags: try strings(s["tags"], "tags")))
        }
        return out
    }

    /// v1 `/api/search/tag/<tag>/values`: `{"tagValues":[…]}`.
    public static func values(_ body: Data) throws(TempoPayloadError) -> [String] {
        try strings(TempoJSON.object(body, "tag values response")["tagValues"], "tagValues")
    }

    /// v2 `/api/v2/search/tag/<tag>/values`: `{"tagValues":[{"type","value"}]}`.
    public static func typedValues(_ body: Data) throws(TempoPayloadError) -> [TempoTagValue] {
        let root = try TempoJSON.object(body, "tag values response")
        guard let list = root["tagValues"] as? [Any] ?? (root["tagValues"] == nil ? [] : nil) else {
            throw TempoPayloadError("\"tagValues\" is not an array")
        }
        var out: [TempoTagValue] = []
        for item in list {
            guard let v = item as? [String: Any] else { throw TempoPayloadError("a tag value is not an object") }
            out.append(TempoTagValue(type: v["type"] as? String ?? "", value: v["value"] as? String ?? ""))
        }
        return out
    }

    /// An array of strings; absent means empty (zero values are omitted).
    private static func strings(_ value: Any?, _ field: String) throws(TempoPayloadError) -> [String] {
        guard let value else { return [] }
        guard let list = value as? [Any] else { throw TempoPayloadError("\"\(field)\" is not an array") }
        var out: [String] = []
        for item in list {
            guard let s = item as? String else { throw TempoPayloadError("\"\(field)\" holds a non-string") }
            out.append(s)
        }
        return out
    }
}
