import Foundation
import Testing
@testable import SonicMapCore

/// DOT and Mermaid exports: the numbers are there, and hostile span text is inert.
@Suite struct GraphExportTests {
    @Test func dotHasNodesEdgesLabelsAndColours() {
        let dot = DOTExporter.write(SnapshotFixture.make())
        #expect(dot.hasPrefix("digraph sonicmap {"))
        #expect(dot.contains("rankdir=LR"))
        #expect(dot.contains("\"supersonic-envoy-5d8f9c7b6-k2x7p\" -> \"supersonic-triton-74c49fcf8-rxzpm\""))
        // Declared sampling: the estimate, marked; 25% errors is bad health.
        #expect(dot.contains("~400/s · 25% err · p95 >400ms"))
        #expect(dot.contains("color=\"\(SnapshotLabels.stroke(.critical))\""))
        #expect(dot.contains("fillcolor=\"\(SnapshotLabels.fill(.triton))\""))
    }

    @Test func dotQuotesHostileText() {
        let dot = DOTExporter.write(SnapshotFixture.make(serverName: SnapshotFixture.hostile))
        #expect(!dot.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F })
        // Every quoted string is closed: an unescaped quote would unbalance the count.
        for line in dot.split(separator: "\n") {
            var quotes = 0
            var escaped = false
            for c in line {
                if escaped { escaped = false; continue }
                if c == "\\" { escaped = true } else if c == "\"" { quotes += 1 }
            }
            #expect(quotes % 2 == 0, "unbalanced quotes in: \(line)")
        }
        #expect(dot.contains("\\\"quoted\\\""))
        #expect(dot.contains("\\\\back"))
    }

    /// Graphviz rejects a quoted string over 16,384 bytes: a 20,000-character span name
    /// is cut (never inside an escape), and long ids that share a prefix stay distinct.
    @Test func dotCutsLongLabelsAndIdsSoGraphvizAcceptsThem() throws {
        let long = String(repeating: "\"x\\é", count: 5_000)
        let dot = DOTExporter.write(SnapshotFixture.make(serverName: long))
        for line in dot.split(separator: "\n") {
            #expect(line.utf8.count < 16_384, "a line of \(line.utf8.count) bytes")
        }
        #expect(dot.contains("…"))
        let a = DOTExporter.quoteID(long + "a"), b = DOTExporter.quoteID(long + "b")
        #expect(a != b && a.utf8.count <= DOTExporter.maxQuotedBytes + 2)
        #expect(DOTExporter.quoteID("short") == "\"short\"")
        let graphviz = "/usr/bin/dot"
        guard FileManager.default.isExecutableFile(atPath: graphviz) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: graphviz)
        process.arguments = ["-Tsvg", "-o", "/dev/null"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot refused the file")
    }

    @Test func mermaidFollowsItsGrammar() throws {
        for name in ["supersonic-triton-74c49fcf8-rxzpm", SnapshotFixture.hostile] {
            let text = MermaidExporter.write(SnapshotFixture.make(serverName: name))
            let chart = try MermaidSubset.parse(text)
            #expect(chart.nodes.count == 2)
            #expect(chart.edges.count == 1)
            #expect(chart.linkStyles == [0])
            for label in chart.nodes.values.map { $0.replacingOccurrences(of: "<br/>", with: " ") } + chart.edges.map(\.label) {
                #expect(!label.contains { "\"<>`|".contains($0) || $0.asciiValue.map { $0 < 0x20 } == true }, "raw special character in \(label)")
            }
        }
        let plain = try MermaidSubset.parse(MermaidExporter.write(SnapshotFixture.make()))
        #expect(plain.edges.first?.label == "~400/s · 25% err · p95 #gt;400ms")
        #expect(plain.nodes.values.contains { $0.hasPrefix("envoy-k2x7p<br/>") })
    }

    /// Mermaid refuses a whole diagram over 50,000 characters (its `maxTextSize`): a
    /// 24,000-character span name is cut, never inside an entity code, like DOT's labels.
    @Test func mermaidCutsLongLabels() throws {
        let long = String(repeating: "#\"[x]é", count: 4_000)
        let text = MermaidExporter.write(SnapshotFixture.make(serverName: long))
        let chart = try MermaidSubset.parse(text)
        #expect(text.count < 10_000, "\(text.count) characters")
        let entity = try NSRegularExpression(pattern: "#[a-z0-9]+;")
        for line in chart.nodes.values.flatMap({ $0.components(separatedBy: "<br/>") }) {
            let decoded = entity.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "E")
            #expect(!decoded.contains("#"), "a split entity code in \(line.prefix(80))")
            #expect(decoded.count <= MermaidExporter.maxLabelCharacters)
        }
        #expect(chart.nodes.values.contains { $0.hasPrefix("#35;#quot;#91;x#93;é") && $0.contains("…") })
    }

    /// Quotes, brackets, braces, parentheses, `#` and line breaks in a span name cannot
    /// end the label or start new Mermaid statements: they become entity codes (which
    /// Mermaid documents, e.g. `#quot;`, `#9829;`) or spaces.
    @Test func mermaidEscapesWhatBreaksItsSyntax() throws {
        let name = "svc[\"a\"] (b) {c} #d\nflowchart LR\n  n0-->n1;%%"
        let text = MermaidExporter.write(SnapshotFixture.make(serverName: name))
        let chart = try MermaidSubset.parse(text)
        #expect(chart.nodes.count == 2 && chart.edges.count == 1)
        let label = try #require(chart.nodes.values.first { $0.hasPrefix("svc") })
        #expect(label.hasPrefix("svc#91;#quot;a#quot;#93; #40;b#41; #123;c#125; #35;d flowchart LR"))
        #expect(!label.contains { "[](){}\"\n".contains($0) }, "raw special character in \(label)")
    }

    @Test func orphanEdgesAreDashed() throws {
        var s = SnapshotFixture.make()
        s.edges[0].rateSource = .orphans
        #expect(DOTExporter.write(s).contains("style=dashed"))
        let chart = try MermaidSubset.parse(MermaidExporter.write(s))
        #expect(chart.edges.first?.dashed == true)
        #expect(chart.edges.first?.label.contains("unsampled") == true)
    }
}

/// A parser for the subset of Mermaid's flowchart grammar sonicmap writes. It rejects
/// anything else, so the export cannot drift into syntax GitHub would not render.
struct MermaidSubset {
    struct Edge { var from: String; var to: String; var label: String; var dashed: Bool }
    struct Failure: Error, CustomStringConvertible { var description: String }

    var nodes: [String: String] = [:]
    var edges: [Edge] = []
    var linkStyles: [Int] = []
    var classDefs: Set<String> = []

    static func parse(_ text: String) throws -> MermaidSubset {
        var chart = MermaidSubset()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "flowchart LR" else { throw Failure(description: "first line must be `flowchart LR`") }
        lines.removeFirst()
        if lines.last == "" { lines.removeLast() }
        let id = "[A-Za-z][A-Za-z0-9_]*"
        let label = "\"([^\"]*)\""
        let patterns: [(String, ([String]) throws -> Void)] = [
            ("^  classDef (\(id)) [a-z-]+:#[0-9a-f]{6}(,[a-z-]+:[#0-9a-z]+)*$", { chart.classDefs.insert($0[1]) }),
            ("^  (\(id))\\[\(label)\\]$", { chart.nodes[$0[1]] = $0[2] }),
            ("^  (\(id))\\(\\[\(label)\\]\\)$", { chart.nodes[$0[1]] = $0[2] }),
            ("^  class (\(id)) (\(id)(?:,\(id))*)$", { m in
                guard chart.nodes[m[1]] != nil else { throw Failure(description: "class for undeclared node \(m[1])") }
                for c in m[2].split(separator: ",") where !chart.classDefs.contains(String(c)) { throw Failure(description: "undefined class \(c)") }
            }),
            ("^  (\(id)) (-->|-\\.->)\\|\(label)\\| (\(id))$", { m in
                guard chart.nodes[m[1]] != nil, chart.nodes[m[4]] != nil else { throw Failure(description: "edge between undeclared nodes") }
                chart.edges.append(Edge(from: m[1], to: m[4], label: m[3], dashed: m[2] == "-.->"))
            }),
            ("^  linkStyle ([0-9]+) stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$", { m in
                guard let i = Int(m[1]), i < chart.edges.count else { throw Failure(description: "linkStyle for a missing edge") }
                chart.linkStyles.append(i)
            }),
        ]
        for line in lines {
            var matched = false
            for (pattern, action) in patterns {
                let re = try NSRegularExpression(pattern: pattern)
                guard let m = re.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
                let groups = (0..<m.numberOfRanges).map { i -> String in
                    Range(m.range(at: i), in: line).map { String(line[$0]) } ?? ""
                }
                try action(groups)
                matched = true
                break
            }
            if !matched { throw Failure(description: "not in the grammar: \(line)") }
        }
        return chart
    }
}
