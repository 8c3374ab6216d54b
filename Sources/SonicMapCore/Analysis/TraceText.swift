import Foundation

/// `sonicmap trace --format text`: the span tree with services and durations, then the
/// per-hop phases of each request. Span text is sanitised; nothing can reach the
/// terminal as an escape sequence.
public enum TraceText {
    /// Levels of the span tree drawn as indentation; deeper spans keep this indentation
    /// and show `[depth N]` instead.
    public static let maxIndentDepth = 32

    public static func render(_ trace: Trace, ascii: Bool = false) -> String {
        var sorted = trace
        sorted.spans.sort { ($0.startUnixNano, $0.spanID) < ($1.startUnixNano, $1.spanID) }
        let tree = TraceTree(sorted)
        let analysis = TraceAnalysis.analyze(sorted)
        let t0 = sorted.startUnixNano
        let total = sorted.endUnixNano >= t0 ? sorted.endUnixNano - t0 : 0
        var out = "trace \(sorted.traceID.hex) · \(sorted.spans.count) spans · \(Formatting.duration(seconds: Double(total) / 1e9))"
        if sorted.partial { out += " · PARTIAL" + (sorted.partialReason.isEmpty ? "" : " (\(SafeText.clean(sorted.partialReason)))") }
        if analysis.skewDetected { out += " · clock skew" }
        out += "\n"
        let (branch, last, pipe) = ascii ? ("|- ", "`- ", "|  ") : ("├─ ", "└─ ", "│  ")

        func line(_ i: Int, prefix: String, connector: String, depth: Int) {
            let s = sorted.spans[i]
            let marker = depth > maxIndentDepth ? "[depth \(depth)] " : ""
            var text = prefix + connector + marker + SafeText.clean(s.name)
            if tree.orphanRoots.contains(i) { text += " (parent \(s.parentSpanID!.hex) missing)" }
            text += "  " + SafeText.clean(s.service) + "  " + Formatting.duration(seconds: Double(s.durationNanos) / 1e9)
            text += "  +" + Formatting.duration(seconds: Double(s.startUnixNano >= t0 ? s.startUnixNano - t0 : 0) / 1e9)
            if s.status == .error { text += "  ERROR" + (s.statusMessage.isEmpty ? "" : " " + SafeText.clean(s.statusMessage)) }
            if tree.outsideParent.contains(i) { text += "  (outside parent)" }
            out += text + "\n"
        }
        // Iterative depth-first walk: deep traces must not overflow the stack.
        // Past `maxIndentDepth` the indentation stops growing and the line says its depth,
        // so a long parent chain prints in linear, not quadratic, size.
        var stack: [(index: Int, prefix: String, connector: String, depth: Int)] = tree.roots.reversed().map { ($0, "", "", 0) }
        var seen = Set<Int>()
        while let (i, prefix, connector, depth) = stack.popLast() {
            guard seen.insert(i).inserted else { continue }
            line(i, prefix: prefix, connector: connector, depth: depth)
            let kids = tree.children[i]
            let childPrefix = depth >= maxIndentDepth ? prefix : prefix + (connector.isEmpty ? "" : (connector == last ? "   " : pipe))
            for (k, c) in kids.enumerated().reversed() {
                stack.append((c, childPrefix, k == kids.count - 1 ? last : branch, depth + 1))
            }
        }
        for (n, r) in analysis.requests.enumerated() {
            out += "\nrequest \(n + 1): \(SafeText.clean(r.client ?? "unsampled caller")) → \(SafeText.clean(r.server)) · model \(SafeText.clean(r.model))"
            out += r.orphan ? " · orphan" : ""
            out += "\n"
            for (p, ns) in r.phases.present {
                let name = p == .network && r.networkIncludesProxy ? "proxy+network" : p.rawValue
                out += "  " + name.padding(toLength: 14, withPad: " ", startingAt: 0) + Formatting.duration(seconds: Double(ns) / 1e9) + "\n"
            }
        }
        for w in analysis.warnings { out += "warning: " + SafeText.clean(w) + "\n" }
        return out
    }
}
