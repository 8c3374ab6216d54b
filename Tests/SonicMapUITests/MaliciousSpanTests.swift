import Testing
import SonicMapCore
import SonicMapExport
@testable import SonicMapUI

/// Span names and attributes are untrusted: escape sequences, control bytes, wide CJK,
/// emoji and combining marks are drawn as inert text, and the columns stay aligned.
@Suite struct MaliciousSpanTests {
    static let clear = "\u{1B}[2J"
    static let title = "\u{1B}]0;x\u{07}"
    static let hostile = [
        "clear\(clear)screen", "title\(title)set", "bell\u{07}nul\u{00}cr\rend", "漢字の推論", "rocket🚀fire🔥", "e\u{301}\u{301}combined\u{20DD}",
    ]

    /// Envoy ingress → Triton InferRequest → model → compute, every name and attribute hostile.
    static func trace() -> Trace {
        let id = TraceID(high: 0xBAD, low: 0x5EED)
        let ms: UInt64 = 1_000_000, t0: UInt64 = 1_767_225_600 * 1_000_000_000
        let envoy = "envoy-漢字\(clear)", triton = "triton-🚀\(title)"
        let attrs = hostile.enumerated().map { Attribute("k\($0.offset)\(clear)", .string($0.element)) }
        return Trace(traceID: id, spans: [
            Span(traceID: id, spanID: SpanID(1), parentSpanID: nil, name: "ingress " + hostile[0], kind: .client, startUnixNano: t0, endUnixNano: t0 + 50 * ms,
                 attributes: attrs, service: envoy, scope: "envoy", resource: 0),
            Span(traceID: id, spanID: SpanID(2), parentSpanID: SpanID(1), name: "InferRequest", kind: .server, startUnixNano: t0 + 1 * ms, endUnixNano: t0 + 49 * ms,
                 statusMessage: hostile[2], attributes: attrs, service: triton, scope: "triton-server", resource: 1),
            Span(traceID: id, spanID: SpanID(3), parentSpanID: SpanID(2), name: hostile[3] + hostile[4], kind: .server, startUnixNano: t0 + 2 * ms, endUnixNano: t0 + 48 * ms,
                 attributes: [Attribute("triton.model_name", .string(hostile[5]))],
                 events: [SpanEvent(name: "QUEUE_START\(title)", timeUnixNano: t0 + 3 * ms)], service: triton, scope: "triton-server", resource: 1),
            Span(traceID: id, spanID: SpanID(4), parentSpanID: SpanID(3), name: hostile[1], kind: .server, startUnixNano: t0 + 10 * ms, endUnixNano: t0 + 40 * ms,
                 events: [SpanEvent(name: "COMPUTE_START", timeUnixNano: t0 + 10 * ms), SpanEvent(name: "COMPUTE_INPUT_END", timeUnixNano: t0 + 12 * ms),
                          SpanEvent(name: "COMPUTE_OUTPUT_START", timeUnixNano: t0 + 38 * ms), SpanEvent(name: "COMPUTE_END", timeUnixNano: t0 + 40 * ms)],
                 service: triton, scope: "triton-server", resource: 1),
        ], resources: [
            Resource(attributes: [Attribute("service.name", .string(envoy)), Attribute("zone\(title)", .string(hostile[4]))]),
            Resource(attributes: [Attribute("service.name", .string(triton)), Attribute("pod\u{07}", .string(hostile[3]))]),
        ])
    }

    /// No control character in any cell, every row exactly as wide as the screen, and the
    /// ANSI rendering holds no escape sequence but the colours it adds itself.
    static func assertInert(_ canvas: Canvas, sourceLocation: SourceLocation = #_sourceLocation) {
        for cell in canvas.cells {
            #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }, "control character in \(cell.text.debugDescription)", sourceLocation: sourceLocation)
        }
        for y in 0..<canvas.height {
            #expect(DisplayWidth.of(canvas.line(y)) == canvas.width, "row \(y) is \(DisplayWidth.of(canvas.line(y))) columns wide", sourceLocation: sourceLocation)
        }
        let ansi = TextRenderer.ansi(canvas, theme: .builtinDefault)
        let withoutColours = ansi.replacing(#/\x1B\[[0-9;]*m/#, with: "")
        #expect(!withoutColours.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, sourceLocation: sourceLocation)
    }

    static func timelineState(width: Int, height: Int) -> AppState {
        var s = AppState(settings: Settings(frozenClock: true), sourceSummary: "file")
        _ = s.update(.resize(width: width, height: height))
        s.timeline = TimelineState(trace: trace())
        s.mode = .timeline
        return s
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func timelineAndSpanDetailsStayInertAndAligned(width: Int, height: Int) throws {
        var s = Self.timelineState(width: width, height: height)
        let timeline = s.render()
        Self.assertInert(timeline)
        // Every span's duration ends at the same column, whatever its name holds.
        let rows = (3..<7).map { timeline.line($0) }
        let durationEnds = rows.map { row in DisplayWidth.of(String(row.prefix { $0 != "█" && $0 != "╌" }).replacing(#/\s+$/#, with: "")) }
        #expect(Set(durationEnds).count == 1, "durations do not line up: \(durationEnds)\n\(rows.joined(separator: "\n"))")
        #expect(rows[2].contains("漢字"), "wide text is drawn, not dropped")
        for row in 0...3 {
            _ = s.update(.key(.home))
            for _ in 0..<row { _ = s.update(.key(.char("j"))) }
            _ = s.update(.key(.enter))
            let details = s.render()
            Self.assertInert(details)
            let text = TextRenderer.plain(details)
            #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
            _ = s.update(.key(.escape))
        }
        _ = s.update(.key(.home))
        _ = s.update(.key(.char("j")))
        _ = s.update(.key(.enter))
        let text = TextRenderer.plain(s.render())
        #expect(text.contains("span InferRequest"))
        #expect(text.contains("clearscreen") && text.contains("titleset"), "the hostile text is shown, made inert")
        #expect(text.contains("k0 clearscreen") && text.contains("bellnulcr end"))
    }

    @Test func tracesListStaysInertAndAligned() throws {
        var s = AppState(settings: Settings(frozenClock: true), sourceSummary: "file")
        _ = s.update(.resize(width: 120, height: 30))
        let t = Self.trace()
        s.feed.data = RefreshData(sample: nil, traces: [t], time: 1_767_225_700)
        s.rebuildMap()
        let edge = try #require(s.map.edges.first { $0.key.client.hasPrefix("envoy") })
        s.mapView.selection = .edge(edge.key)
        _ = s.update(.key(.enter))
        #expect(s.traces?.rows.count == 1)
        let canvas = s.render()
        Self.assertInert(canvas)
        let columns = TracesView.Columns(width: 120)
        let header = (0..<canvas.height).first { canvas.line($0).contains("DURATION") }!
        let row = header + 1
        #expect(canvas[columns.status, row].text == "o" && canvas[columns.status + 1, row].text == "k", "the status column did not move:\n\(canvas.line(row))")
        #expect(canvas.line(row).contains("漢字") || canvas.line(row).contains("ingress clear"))
    }
}
