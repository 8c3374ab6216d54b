import Foundation

/// One trace found by a Tempo search (`/api/search`).
public struct TraceSummary: Equatable, Sendable {
    /// Normalised: Tempo trims leading zeros from search ids, `traceID.hex` restores them.
    public var traceID: TraceID
    /// `<root span not yet received>` when Tempo has not seen the root span.
    public var rootServiceName: String
    public var rootTraceName: String
    public var startUnixNano: UInt64
    /// Tempo omits it when 0.
    public var durationMs: Double
    /// The matching span sets (`spss` spans each); empty for a search without `q`.
    public var spanSets: [SpanSetSummary]
    /// Spans with status error in the whole trace, from Tempo's `serviceStats`; nil when
    /// the answer has none (Tempo before 2.8, or a summary made from a held trace without it).
    public var errorSpans: Int?

    public init(
        traceID: TraceID, rootServiceName: String, rootTraceName: String, startUnixNano: UInt64, durationMs: Double,
        spanSets: [SpanSetSummary] = [], errorSpans: Int? = nil
    ) {
        self.traceID = traceID
        self.rootServiceName = rootServiceName
        self.rootTraceName = rootTraceName
        self.startUnixNano = startUnixNano
        self.durationMs = durationMs
        self.spanSets = spanSets
        self.errorSpans = errorSpans
    }

    /// `error` when a span of the trace failed (Tempo's error count, or a matched span
    /// selected with `status`); `ok` when a matched span says ok; otherwise `unset`.
    public var status: SpanStatus {
        let selected = spanSets.flatMap(\.spans).compactMap { $0.attributes["status"]?.text }
        if (errorSpans ?? 0) > 0 || selected.contains("error") { return .error }
        return selected.contains("ok") ? .ok : .unset
    }

    /// The first non-empty status message of a matched span (selected with
    /// `| select(status, statusMessage)`), e.g. `CUDA out of memory`; empty when none.
    public var statusMessage: String {
        spanSets.flatMap(\.spans).lazy.compactMap { $0.attributes["statusMessage"]?.text }.first { !$0.isEmpty } ?? ""
    }

    /// Tempo's placeholder for a trace whose root span has not arrived.
    public static let rootNotYetReceived = "<root span not yet received>"
}

/// The spans of one trace that matched a TraceQL span set.
public struct SpanSetSummary: Equatable, Sendable {
    public var spans: [SpanSummary]
    /// How many spans matched; only the first `spss` are listed.
    public var matched: Int

    public init(spans: [SpanSummary], matched: Int) {
        self.spans = spans
        self.matched = matched
    }
}

/// One span of a span set. Tempo includes `name` only when the query selects it.
public struct SpanSummary: Equatable, Sendable {
    public var spanID: SpanID
    public var name: String?
    public var startUnixNano: UInt64
    public var durationNanos: UInt64
    public var attributes: [Attribute]

    public init(spanID: SpanID, name: String?, startUnixNano: UInt64, durationNanos: UInt64, attributes: [Attribute]) {
        self.spanID = spanID
        self.name = name
        self.startUnixNano = startUnixNano
        self.durationNanos = durationNanos
        self.attributes = attributes
    }
}

/// Reads Tempo's search answer: `{"traces":[…],"metrics":{…}}` in gogo jsonpb form
/// (hex ids with leading zeros trimmed, int64 as strings, zero values omitted). The
/// deprecated single `spanSet` is used when `spanSets` is absent. Pure.
public enum TempoSearch {
    /// The hits, in the order Tempo sent them.
    public static func decode(_ body: Data) throws(TempoPayloadError) -> [TraceSummary] {
        let root = try TempoJSON.object(body, "search response")
        guard let traces = root["traces"] else { return [] }
        guard let list = traces as? [Any] else { throw TempoPayloadError("\"traces\" is not an array") }
        var out: [TraceSummary] = []
        out.reserveCapacity(list.count)
        for item in list {
            guard let t = item as? [String: Any] else { throw TempoPayloadError("a search hit is not an object") }
            let idText = t["traceID"] as? String ?? ""
            guard let id = TraceID(hex: idText) else { throw TempoPayloadError("search hit traceID \"\(idText.prefix(40))\" is not hex") }
            var sets: [SpanSetSummary] = []
            if let many = t["spanSets"] as? [Any] {
                for s in many { sets.append(try spanSet(s)) }
            } else if let one = t["spanSet"] {
                sets.append(try spanSet(one))
            }
            out.append(TraceSummary(
                traceID: id, rootServiceName: t["rootServiceName"] as? String ?? "", rootTraceName: t["rootTraceName"] as? String ?? "",
                startUnixNano: try TempoJSON.uint64(t["startTimeUnixNano"], "startTimeUnixNano"),
                durationMs: try TempoJSON.double(t["durationMs"], "durationMs"), spanSets: sets, errorSpans: errorSpans(t["serviceStats"])))
        }
        return out
    }

    /// The sum of `errorCount` over `serviceStats` (`{"svc":{"spanCount":4,"errorCount":1}}`);
    /// nil when absent.
    private static func errorSpans(_ value: Any?) -> Int? {
        guard let stats = value as? [String: Any] else { return nil }
        return stats.values.reduce(0) { sum, v in sum + (((v as? [String: Any])?["errorCount"] as? NSNumber)?.intValue ?? 0) }
    }

    private static func spanSet(_ value: Any) throws(TempoPayloadError) -> SpanSetSummary {
        guard let s = value as? [String: Any] else { throw TempoPayloadError("a span set is not an object") }
        var spans: [SpanSummary] = []
        for item in s["spans"] as? [Any] ?? [] {
            guard let span = item as? [String: Any] else { throw TempoPayloadError("a span-set span is not an object") }
            let idText = span["spanID"] as? String ?? ""
            guard let id = SpanID(text: idText) ?? (idText.isEmpty ? SpanID(0) : nil) else {
                throw TempoPayloadError("spanID \"\(idText.prefix(40))\" is neither hex nor base64")
            }
            spans.append(SpanSummary(
                spanID: id, name: span["name"] as? String,
                startUnixNano: try TempoJSON.uint64(span["startTimeUnixNano"], "span startTimeUnixNano"),
                durationNanos: try TempoJSON.uint64(span["durationNanos"], "durationNanos"),
                attributes: TempoJSON.attributes(span["attributes"])))
        }
        return SpanSetSummary(spans: spans, matched: Int(try TempoJSON.double(s["matched"], "matched")))
    }
}

/// JSONSerialization helpers for Tempo's small JSON answers.
enum TempoJSON {
    static func object(_ body: Data, _ what: String) throws(TempoPayloadError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body)
        } catch {
            let head = String(decoding: body.prefix(80), as: UTF8.self)
            throw TempoPayloadError(body.isEmpty ? "empty \(what)" : "\(what) is not JSON: \"\(head)\(body.count > 80 ? "…" : "")\"")
        }
        guard let object = parsed as? [String: Any] else { throw TempoPayloadError("\(what) is not a JSON object") }
        return object
    }

    /// An int64 written as a string (jsonpb) or as a number; absent means 0.
    static func uint64(_ value: Any?, _ field: String) throws(TempoPayloadError) -> UInt64 {
        switch value {
        case nil: return 0
        case let s as String:
            guard let v = UInt64(s) else { throw TempoPayloadError("\(field) \"\(s.prefix(40))\" is not an unsigned integer") }
            return v
        case let n as NSNumber:
            let d = n.doubleValue
            guard d >= 0, d < 1.8e19 else { throw TempoPayloadError("\(field) \(d) is out of range") }
            return n.uint64Value
        default:
            throw TempoPayloadError("\(field) is neither a number nor a string")
        }
    }

    /// A number, possibly written as a string; absent means 0.
    static func double(_ value: Any?, _ field: String) throws(TempoPayloadError) -> Double {
        switch value {
        case nil: return 0
        case let n as NSNumber: return n.doubleValue
        case let s as String:
            guard let v = Double(s) else { throw TempoPayloadError("\(field) \"\(s.prefix(40))\" is not a number") }
            return v
        default:
            throw TempoPayloadError("\(field) is not a number")
        }
    }

    /// OTLP `KeyValue`s in JSON; entries that cannot be read are skipped.
    static func attributes(_ value: Any?) -> [Attribute] {
        (value as? [Any] ?? []).compactMap { item in
            guard let kv = item as? [String: Any], let key = kv["key"] as? String,
                let v = anyValue(kv["value"] as? [String: Any] ?? [:])
            else { return nil }
            return Attribute(key, v)
        }
    }

    /// OTLP `AnyValue` in JSON; a key-value list becomes its text.
    static func anyValue(_ v: [String: Any]) -> AttributeValue? {
        if let s = v["stringValue"] as? String { return .string(s) }
        if let b = v["boolValue"] as? Bool { return .bool(b) }
        if let i = v["intValue"] {
            if let s = i as? String, let n = Int64(s) { return .int(n) }
            if let n = i as? NSNumber { return .int(n.int64Value) }
            return nil
        }
        if let d = v["doubleValue"] {
            if let n = d as? NSNumber { return .double(n.doubleValue) }
            if let s = d as? String { return Double(s).map(AttributeValue.double) }
            return nil
        }
        if let a = v["arrayValue"] as? [String: Any] {
            return .array((a["values"] as? [Any] ?? []).compactMap { ($0 as? [String: Any]).flatMap(anyValue) })
        }
        if let s = v["bytesValue"] as? String { return Base64.decode(s).map(AttributeValue.bytes) }
        if let kv = v["kvlistValue"] as? [String: Any] {
            let pairs = attributes(kv["values"]).map { "\($0.key)=\($0.value.text)" }
            return .string("{" + pairs.joined(separator: ", ") + "}")
        }
        return v.isEmpty ? .string("") : nil
    }
}
