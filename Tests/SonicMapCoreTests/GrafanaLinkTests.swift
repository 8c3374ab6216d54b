import Foundation
import Testing
@testable import SonicMapCore

@Suite struct GrafanaLinkTests {
    let id = TraceID(hex: "05b8e1a2c3d4e5f60718293a4b5c6d7e")!

    /// The link's `panes` parameter, decoded as a browser would: URLComponents undoes
    /// the percent-encoding, JSONSerialization reads what Grafana's `JSON.parse` reads.
    func panes(_ link: String) throws -> [String: Any] {
        let components = try #require(URLComponents(string: link))
        let items = components.queryItems ?? []
        #expect(items.map(\.name) == ["schemaVersion", "panes", "orgId"])
        #expect(items.first { $0.name == "schemaVersion" }?.value == "1")
        let text = try #require(items.first { $0.name == "panes" }?.value)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func pane(_ link: String) throws -> (id: String, body: [String: Any], query: [String: Any], range: [String: String]) {
        let all = try panes(link)
        #expect(all.count == 1)
        let (key, value) = try #require(all.first)
        let body = try #require(value as? [String: Any])
        let queries = try #require(body["queries"] as? [[String: Any]])
        #expect(queries.count == 1)
        let range = try #require(body["range"] as? [String: String])
        return (key, body, queries[0], range)
    }

    @Test func aTraceLinkAsksTempoForTheIdOverThePaddedTrace() throws {
        let link = GrafanaLink(base: "https://grafana.example/", datasource: "tempo-uid").trace(id, from: 1_795_938_300.25, to: 1_795_938_300.75)
        #expect(link.hasPrefix("https://grafana.example/explore?schemaVersion=1&panes="))
        let p = try pane(link)
        // Explore renames a pane id unless it is 3 characters of its alphabet with a letter.
        #expect(p.id.count == 3 && p.id.contains { $0.isLetter } && p.id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(p.body["datasource"] as? String == "tempo-uid")
        #expect(p.query["queryType"] as? String == "traceql")
        #expect(p.query["query"] as? String == "05b8e1a2c3d4e5f60718293a4b5c6d7e")
        #expect(p.query["refId"] as? String == "A")
        #expect(p.query["datasource"] as? [String: String] == ["type": "tempo", "uid": "tempo-uid"])
        let pad = GrafanaLink.tracePaddingSeconds * 1000
        #expect(p.range["from"] == String(Int64(1_795_938_300_250 - pad)))
        #expect(p.range["to"] == String(Int64(1_795_938_300_750 + pad)))
    }

    @Test func aServiceMapLinkCoversTheWindowExactly() throws {
        let link = GrafanaLink(base: "https://host.example/grafana", datasource: "tempo").serviceMap(from: 1_795_938_000, to: 1_795_938_300)
        #expect(link.hasPrefix("https://host.example/grafana/explore?"))
        #expect(link.hasSuffix("&orgId=1"))
        let p = try pane(link)
        #expect(p.query["queryType"] as? String == "serviceMap")
        #expect(p.query["query"] == nil)
        #expect(p.range == ["from": "1795938000000", "to": "1795938300000"])
    }

    @Test func theJSONIsPercentEncodedLeavingOnlyUnreservedCharacters() throws {
        let link = GrafanaLink(base: "https://g.example", datasource: "a b&c=d\"é").serviceMap(from: 0, to: 1)
        let query = try #require(link.split(separator: "?", maxSplits: 1).last)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%&=")
        #expect(query.allSatisfy { allowed.contains($0) }, "\(query)")
        // A datasource uid with URL and JSON metacharacters still round-trips.
        #expect(try pane(link).body["datasource"] as? String == "a b&c=d\"é")
        #expect(GrafanaLink.percentEncoded("{\"a\":1}") == "%7B%22a%22%3A1%7D")
        #expect(GrafanaLink.percentEncoded("é\n") == "%C3%A9%0A")
    }
}
