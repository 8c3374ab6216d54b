import Testing
@testable import SonicMapCore

/// `trace --format text` of a long parent chain: indentation stops growing past
/// `maxIndentDepth`, deeper lines say their depth, so the output is linear in the spans.
@Suite struct TraceTextDepthTests {
    static func chain(_ depth: Int) -> Trace {
        let id = TraceID(high: 0, low: 1)
        let spans = (0..<depth).map { i in
            Span(
                traceID: id, spanID: SpanID(UInt64(i + 1)), parentSpanID: i == 0 ? nil : SpanID(UInt64(i)), name: "s\(i)", kind: .server,
                startUnixNano: UInt64(i) * 1000, endUnixNano: UInt64(2 * depth - i) * 1000, service: "svc", scope: "t", resource: 0)
        }
        return Trace(traceID: id, spans: spans, resources: [Resource(attributes: [Attribute("service.name", .string("svc"))])])
    }

    @Test func deepChainPrintsLinearlyWithItsDepth() {
        let depth = 3_000
        let text = TraceText.render(Self.chain(depth))
        let lines = text.split(separator: "\n")
        #expect(text.utf8.count < 200 * depth, "\(text.utf8.count) bytes")
        #expect(lines.map(\.count).max()! < 200)
        #expect(lines.contains { $0.hasSuffix("[depth \(depth - 1)] s\(depth - 1)  svc  2µs  +3.0ms") || $0.contains("[depth \(depth - 1)] s\(depth - 1) ") })
        // Shallow levels keep their tree drawing.
        #expect(lines[2].hasPrefix("└─ s1 ") || lines[2].contains("└─ s1 "))
        #expect(!lines.contains { $0.contains("[depth \(TraceText.maxIndentDepth)]") })
        #expect(lines.contains { $0.contains("[depth \(TraceText.maxIndentDepth + 1)] ") })
    }
}
