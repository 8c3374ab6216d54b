import SonicMapCore

/// The waterfall of one trace: a collapsible span tree on the left, bars on a time axis
/// on the right, Triton phases coloured inside model and compute spans, Envoy self time
/// marked, the critical path in bold and skew flagged. Only visible rows are laid out,
/// so a 100k-span trace scrolls as fast as a small one.
public enum TimelineView {
    public static func render(_ s: AppState, _ t: TimelineState, into canvas: inout Canvas) {
        let area = s.screen.body
        let g = s.settings.glyphs
        let tree = t.tree
        let spans = t.spans
        let t0 = tree.trace.startUnixNano
        let total = max(1, tree.trace.endUnixNano >= t0 ? tree.trace.endUnixNano - t0 : 1)
        let window = t.zoom ?? 0...total
        let leftWidth = min(56, max(24, s.screen.width * 2 / 5))
        let barX = leftWidth + 1
        let barWidth = max(4, s.screen.width - barX - 1)

        // Header: trace summary and the time axis.
        var flags: [String] = []
        if tree.trace.partial { flags.append("PARTIAL") }
        if t.shared.analysis.skewDetected { flags.append("clock skew") }
        if !tree.orphanRoots.isEmpty { flags.append("\(tree.orphanRoots.count) orphan root\(tree.orphanRoots.count == 1 ? "" : "s")") }
        let services = Set(spans.map(\.service)).count
        let head = "trace \(tree.trace.traceID.hex.prefix(12))… · \(spans.count) spans · \(services) services · \(Formatting.duration(seconds: Double(total) / 1e9))"
        canvas.put(DisplayWidth.truncate(head, to: leftWidth - 1), x: 1, y: area.y, role: .title)
        if !flags.isEmpty {
            canvas.put(" " + flags.joined(separator: " · "), x: 1 + min(leftWidth, DisplayWidth.of(head)), y: area.y, role: .warning,
                       clip: Rect(x: 0, y: area.y, width: leftWidth, height: 1))
        }
        for k in 0...4 {
            let at = window.lowerBound + (window.upperBound - window.lowerBound) * UInt64(k) / 4
            let label = Formatting.duration(seconds: Double(at) / 1e9)
            let x = barX + (barWidth - 1) * k / 4 - (k == 4 ? DisplayWidth.of(label) - 1 : k == 0 ? 0 : DisplayWidth.of(label) / 2)
            canvas.put(label, x: x, y: area.y, role: .muted, clip: Rect(x: barX, y: area.y, width: barWidth, height: 1))
        }

        phaseLine(t).draw(on: &canvas, x: 1, y: area.y + 1, width: s.screen.width - 2)

        // Rows.
        let visible = s.screen.timelineRows
        let first = t.scroll
        let matchSet = Set(t.matches)
        for (i, si) in t.rows.dropFirst(first).prefix(visible).enumerated() {
            let y = area.y + 2 + i
            let span = spans[si]
            let selected = first + i == t.selectedRow
            let onPath = t.shared.critical.contains(si)
            let indent = String(repeating: " ", count: min(tree.depth[si], 12) * 2)
            let marker = tree.children[si].isEmpty ? " " : (t.collapsed.contains(si) ? "▸" : "▾")
            let nameRole: Role = selected ? .selection : (matchSet.contains(si) ? .edgeSelected : (onPath ? .title : .text))
            if selected { canvas.fill(Rect(x: 0, y: y, width: leftWidth, height: 1), role: .selection) }
            var x = canvas.put(indent + marker + " ", x: 1, y: y, role: selected ? .selection : .muted, clip: Rect(x: 0, y: y, width: leftWidth, height: 1)) + 1
            let dur = Formatting.duration(seconds: Double(span.durationNanos) / 1e9)
            let roomForName = leftWidth - x - DisplayWidth.of(dur) - 2
            var label = span.name
            if tree.orphanRoots.contains(si) { label = "⤷ " + label + " (parent missing)" }
            let used = canvas.put(DisplayWidth.truncate(label, to: max(1, roomForName)), x: x, y: y, role: nameRole)
            x += used + 1
            if x < leftWidth - DisplayWidth.of(dur) - 1 {
                let svc = DisplayWidth.truncate(PodName(span.service).short, to: leftWidth - DisplayWidth.of(dur) - 2 - x)
                canvas.put(svc, x: x, y: y, role: selected ? .selection : NodeStyle.role(for: RoleInference.role(of: span)))
            }
            canvas.put(dur, x: leftWidth - DisplayWidth.of(dur), y: y, role: selected ? .selection : (span.status == .error ? .error : .muted))
            drawBar(span: si, t: t, window: window, t0: t0, x: barX, y: y, width: barWidth, glyphs: g, canvas: &canvas)
            if tree.outsideParent.contains(si) {
                canvas.put(g.isASCII ? "!" : "⚠", x: barX - 1, y: y, role: .warning)
            }
        }
        if t.showDetails, let si = t.selectedSpan { SpanDetails.render(s, t, span: si, into: &canvas) }
    }

    /// Where the time of one request went, in words as well as colours (so it reads in
    /// any theme): the request holding the selected span, else the trace's first, with
    /// the share of the largest phase.
    static func phaseLine(_ t: TimelineState) -> StyledLine {
        let requests = t.shared.analysis.requests
        let selected = t.selectedSpan.map { t.spans[$0].spanID }
        guard let r = requests.first(where: { r in selected.map(r.spanIDs.contains) ?? false }) ?? requests.first else {
            return StyledLine("per hop: no Triton InferRequest in this trace", .muted)
        }
        let present = r.phases.present
        let total = max(1, r.phases.total)
        let top = present.max { $0.1 < $1.1 }?.0
        var runs: [(String, Role)] = [(requests.count > 1 ? "per hop (request \((requests.firstIndex(of: r) ?? 0) + 1) of \(requests.count)) " : "per hop ", .muted)]
        for (i, (phase, ns)) in present.enumerated() {
            if i > 0 { runs.append((" · ", .muted)) }
            let share = phase == top ? " (\(Int((Double(ns) / Double(total) * 100).rounded()))%)" : ""
            runs.append((PhaseBar.name(phase, includesProxy: r.networkIncludesProxy) + " ", .muted))
            runs.append((Formatting.duration(seconds: Double(ns) / 1e9) + share, phase == top ? .title : PhaseBar.role(phase)))
        }
        return StyledLine(runs)
    }

    /// Column of a time (ns from trace start) within the bar area, clamped.
    static func column(_ at: UInt64, _ window: ClosedRange<UInt64>, width: Int) -> Int {
        guard at > window.lowerBound else { return 0 }
        let span = max(1, window.upperBound - window.lowerBound)
        return min(width, Int(Double(at - window.lowerBound) / Double(span) * Double(width)))
    }

    static func drawBar(span si: Int, t: TimelineState, window: ClosedRange<UInt64>, t0: UInt64, x: Int, y: Int, width: Int, glyphs g: Glyphs, canvas: inout Canvas) {
        let spans = t.spans
        let span = spans[si]
        func rel(_ ns: UInt64) -> UInt64 { ns >= t0 ? ns - t0 : 0 }
        let a = column(rel(span.startUnixNano), window, width: width)
        let b = max(a + 1, column(rel(span.endUnixNano), window, width: width))
        guard rel(span.endUnixNano) >= window.lowerBound, rel(span.startUnixNano) <= window.upperBound else { return }
        let clip = Rect(x: x, y: y, width: width, height: 1)
        let base = NodeStyle.role(for: RoleInference.role(of: span))
        canvas.put(String(repeating: g.bar, count: b - a), x: x + a, y: y, role: span.status == .error ? .healthBad : base, clip: clip)

        // Triton phases inside model and compute spans.
        let compute = span.eventTime("COMPUTE_START") != nil ? span : t.tree.children[si].map { spans[$0] }.first { $0.eventTime("COMPUTE_START") != nil }
        var segments: [(UInt64?, UInt64?, Phase)] = []
        if let c = compute {
            if compute?.spanID != span.spanID { segments.append((span.eventTime("QUEUE_START"), c.eventTime("COMPUTE_START"), .queue)) }
            segments += [
                (c.eventTime("COMPUTE_START"), c.eventTime("COMPUTE_INPUT_END"), .input),
                (c.eventTime("COMPUTE_INPUT_END"), c.eventTime("COMPUTE_OUTPUT_START"), .infer),
                (c.eventTime("COMPUTE_OUTPUT_START"), c.eventTime("COMPUTE_END"), .output),
            ]
        }
        for (from, to, phase) in segments {
            guard let from, let to, to > from else { continue }
            let sa = column(rel(from), window, width: width), sb = max(sa + 1, column(rel(to), window, width: width))
            canvas.put(String(repeating: g.bar, count: sb - sa), x: x + sa, y: y, role: PhaseBar.role(phase), clip: clip)
        }
        // Envoy's self time: the part of its span no child covers stays in the proxy colour.
        if RoleInference.role(of: span) == .envoy {
            for c in t.tree.children[si] {
                let child = spans[c]
                let ca = column(rel(max(child.startUnixNano, span.startUnixNano)), window, width: width)
                let cb = max(ca, column(rel(min(child.endUnixNano, span.endUnixNano)), window, width: width))
                if cb > ca { canvas.put(String(repeating: g.dashedHorizontal, count: cb - ca), x: x + ca, y: y, role: .muted, clip: clip) }
            }
        }
    }
}

/// The span details overlay: attributes, resource, events relative to the span start,
/// status and message. All text is untrusted and drawn through the canvas sanitiser.
public enum SpanDetails {
    public static func lines(_ t: TimelineState, span si: Int) -> [StyledLine] {
        let span = t.spans[si]
        var out: [StyledLine] = [
            StyledLine(span.name, .title),
            StyledLine([("service ", .muted), (span.service, NodeStyle.role(for: RoleInference.role(of: span)))]),
            StyledLine([("kind ", .muted), (span.kind.rawValue, .text), ("  status ", .muted), (span.status.rawValue, span.status == .error ? .error : .text)]),
            StyledLine([("duration ", .muted), (Formatting.duration(seconds: Double(span.durationNanos) / 1e9), .text),
                        ("  starts at +", .muted), (Formatting.duration(seconds: Double(span.startUnixNano &- t.tree.trace.startUnixNano) / 1e9), .text)]),
            StyledLine([("span ", .muted), (span.spanID.hex, .text), ("  parent ", .muted), (span.parentSpanID?.hex ?? "none", .text)]),
        ]
        if !span.statusMessage.isEmpty { out.append(StyledLine([("message ", .muted), (span.statusMessage, .error)])) }
        if t.tree.outsideParent.contains(si) { out.append(StyledLine("⚠ starts or ends outside its parent (clock skew?)", .warning)) }
        if !span.attributes.isEmpty {
            out.append(.heading("attributes"))
            for a in span.attributes { out.append(StyledLine([(a.key + " ", .muted), (a.value.text, .text)])) }
        }
        let res = t.tree.trace.resources.indices.contains(span.resource) ? t.tree.trace.resources[span.resource].attributes : []
        if !res.isEmpty {
            out.append(.heading("resource"))
            for a in res { out.append(StyledLine([(a.key + " ", .muted), (a.value.text, .text)])) }
        }
        if !span.events.isEmpty {
            out.append(.heading("events"))
            for e in span.events.sorted(by: { $0.timeUnixNano < $1.timeUnixNano }) {
                let delta = Int64(bitPattern: e.timeUnixNano &- span.startUnixNano)
                let sign = delta < 0 ? "-" : "+"
                out.append(StyledLine([(sign + Formatting.duration(seconds: Double(delta.magnitude) / 1e9) + " ", .muted), (e.name, .text)]))
            }
        }
        return out
    }

    public static func render(_ s: AppState, _ t: TimelineState, span si: Int, into canvas: inout Canvas) {
        let width = min(s.screen.width - 4, max(40, s.screen.width / 2))
        let rect = Rect(x: s.screen.width - width - 1, y: 2, width: width, height: s.screen.height - 4)
        canvas.fill(rect, role: .text)
        BoxWidget.draw(rect, on: &canvas, glyphs: s.settings.glyphs, role: .border, title: "span")
        let inner = rect.inset(1)
        for (i, line) in lines(t, span: si).prefix(inner.height).enumerated() {
            line.draw(on: &canvas, x: inner.x + 1, y: inner.y + i, width: inner.width - 1)
        }
    }
}
