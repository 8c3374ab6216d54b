import SonicMapCore

/// The stacked per-hop bar: one coloured segment per phase, proportional to its p50,
/// so where a request's time goes is visible at a glance.
public enum PhaseBar {
    public static func role(_ p: Phase) -> Role {
        switch p {
        case .proxy: .phaseProxy
        case .network: .phaseNetwork
        case .request: .phaseRequest
        case .queue: .phaseQueue
        case .input: .phaseInput
        case .infer: .phaseInfer
        case .output: .phaseOutput
        case .other: .phaseOther
        }
    }

    /// Short names for the legend; `network` reads "proxy+net" when it includes Envoy's time.
    public static func name(_ p: Phase, includesProxy: Bool) -> String {
        p == .network && includesProxy ? "proxy+net" : p.rawValue
    }

    /// The bar itself, `width` columns, from phase values in seconds.
    public static func bar(_ values: [(Phase, Double)], width: Int, glyphs: Glyphs) -> StyledLine {
        let total = values.map(\.1).reduce(0, +)
        guard total > 0, width > 0 else { return StyledLine() }
        var runs: [(String, Role)] = []
        var used = 0
        var carried = 0.0
        for (phase, v) in values {
            carried += v / total * Double(width)
            let cells = max(0, Int(carried.rounded()) - used)
            guard cells > 0 else { continue }
            runs.append((String(repeating: glyphs.bar, count: cells), role(phase)))
            used += cells
        }
        return StyledLine(runs)
    }

    /// Bar plus a legend line per phase (`queue  p50 2.0ms  p95 9.1ms`).
    public static func lines(_ stats: PhaseStats, width: Int, glyphs: Glyphs) -> [StyledLine] {
        let present = Phase.allCases.compactMap { p in stats[p].map { (p, $0) } }
        guard !present.isEmpty else { return [] }
        var out = [bar(present.map { ($0.0, $0.1.p50) }, width: width, glyphs: glyphs)]
        for (p, q) in present {
            let label = name(p, includesProxy: stats.networkIncludesProxy)
            out.append(StyledLine([
                (glyphs.bar + " ", role(p)), (label.padding(toLength: 10, withPad: " ", startingAt: 0), .text),
                ("p50 ", .muted), (Formatting.duration(seconds: q.p50).padding(toLength: 7, withPad: " ", startingAt: 0), .text),
                ("p95 ", .muted), (Formatting.duration(seconds: q.p95), .text),
            ]))
        }
        return out
    }
}
