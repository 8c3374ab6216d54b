/// Links into Grafana Explore for what sonicmap shows: one trace, or the service map of
/// a time range, read from the Tempo datasource `datasource` of the Grafana at `base`.
///
/// The link is Explore's URL state, schema version 1: `explore?schemaVersion=1&panes=…&orgId=1`,
/// where `panes` is JSON `{"<pane id>": {"datasource": uid, "queries": […], "range": {"from", "to"}}}`
/// with the range in epoch milliseconds as strings (what Grafana's parser accepts).
/// Pure: `base` is whatever the config holds (checked to carry no credentials there).
public struct GrafanaLink: Equatable, Sendable {
    /// How far a trace's link reaches beyond the trace on each side, seconds: hosts'
    /// clocks and Tempo's block times differ from the spans' own by that much.
    public static let tracePaddingSeconds = 300.0
    /// Explore accepts pane ids of three characters from its id alphabet, with a letter.
    static let paneID = "smp"

    /// Grafana's base URL (`https://grafana.example` or `https://host/grafana`).
    public var base: String
    /// The uid of the Tempo datasource in that Grafana.
    public var datasource: String

    public init(base: String, datasource: String) {
        self.base = base
        self.datasource = datasource
    }

    /// Explore showing trace `id`, over the trace's own time (Unix seconds) padded by
    /// `tracePaddingSeconds` on each side.
    public func trace(_ id: TraceID, from start: Double, to end: Double) -> String {
        explore(queryType: "traceql", query: id.hex, from: start - Self.tracePaddingSeconds, to: max(start, end) + Self.tracePaddingSeconds)
    }

    /// Explore showing Tempo's service map (its service-graph metrics) for the range
    /// `from`…`to`, Unix seconds: the map's window.
    public func serviceMap(from: Double, to: Double) -> String {
        explore(queryType: "serviceMap", query: nil, from: from, to: to)
    }

    private func explore(queryType: String, query: String?, from: Double, to: Double) -> String {
        var json = JSONDocumentWriter(pretty: false)
        json.beginObject()
        json.beginObject(Self.paneID)
        json.string("datasource", datasource)
        json.beginArray("queries")
        json.beginObject()
        json.string("refId", "A")
        json.beginObject("datasource")
        json.string("type", "tempo")
        json.string("uid", datasource)
        json.endObject()
        json.string("queryType", queryType)
        if let query { json.string("query", query) }
        json.endObject()
        json.endArray()
        json.beginObject("range")
        json.string("from", Self.milliseconds(from))
        json.string("to", Self.milliseconds(to))
        json.endObject()
        json.endObject()
        json.endObject()
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        return root + "/explore?schemaVersion=1&panes=" + Self.percentEncoded(json.text) + "&orgId=1"
    }

    /// Epoch milliseconds, whole, as text.
    static func milliseconds(_ seconds: Double) -> String {
        String(Int64((seconds * 1000).rounded()))
    }

    /// `text` as a URL query value: every byte but RFC 3986's unreserved characters
    /// (`A–Z a–z 0–9 - . _ ~`) as `%XX`, so JSON's `{ } " : ,` survive any URL parser.
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
