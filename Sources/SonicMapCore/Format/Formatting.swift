import Foundation

/// Number formatting shared by the screen and the text exports: short, fixed-width
/// friendly, and honest about bounds (`<100ms`) and estimates (`~`).
public enum Formatting {
    /// Requests per second: `412/s`, `95.2/s`, `0.41/s`, `1.2k/s`.
    /// The format is chosen after rounding, so 99.96/s reads `100/s`, never `100.0/s`.
    public static func rate(_ r: Double) -> String {
        guard r.isFinite else { return "–" }
        if r == 0 { return "0/s" }
        // Each threshold is where the finer format would round up to the next one's width.
        if r >= 9950 { return String(format: "%.0fk/s", r / 1000) }
        if r >= 999.5 { return String(format: "%.1fk/s", r / 1000) }
        if r >= 99.95 { return String(format: "%.0f/s", r) }
        if r >= 9.995 { return String(format: "%.1f/s", r) }
        if r >= 0.00995 { return String(format: "%.2f/s", r) }
        return String(format: "%.3f/s", r)
    }

    /// A size: `812 B`, `12.3 KB`, `4.5 MB` (powers of 1024).
    public static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        var v = Double(n) / 1024
        for unit in ["KB", "MB", "GB"] {
            if v < 1024 || unit == "GB" { return (v < 10 ? String((v * 10).rounded() / 10) : String(Int(v.rounded()))) + " " + unit }
            v /= 1024
        }
        return "\(n) B"
    }

    /// A duration given in seconds: `850µs`, `3.1ms`, `42ms`, `1.25s`. The unit is chosen
    /// after rounding, so 999.6 ms reads `1.00s`, never `1000ms`.
    public static func duration(seconds s: Double) -> String {
        guard s.isFinite else { return "–" }
        let us = (s * 1e6).rounded()
        if us < 1000 { return String(format: "%.0fµs", us) }
        let ms10 = (s * 1e4).rounded() / 10
        if ms10 < 10 { return String(format: "%.1fms", ms10) }
        let ms = (s * 1000).rounded()
        if ms < 1000 { return String(format: "%.0fms", ms) }
        let s100 = (s * 100).rounded() / 100
        if s100 < 100 { return String(format: "%.2fs", s100) }
        return String(format: "%.0fs", s)
    }

    /// A duration given in milliseconds.
    public static func duration(ms: Double) -> String { duration(seconds: ms / 1000) }

    /// A histogram quantile in seconds, with its bound: `<100ms`, `>12.8s`, `230ms`, or the
    /// bucket it fell in (`0.8–1.6s`) when that bucket is too wide for the value to mean much.
    public static func quantile(_ q: QuantileEstimate) -> String {
        guard q.value.isFinite else { return "–" }
        if let r = q.wideRange { return range(lower: r.lower, upper: r.upper) }
        return (q.bound?.rawValue ?? "") + duration(seconds: q.value)
    }

    /// A bucket `lower–upper` in seconds, in the unit of the upper bound: `0.8–1.6s`,
    /// `100–200ms`, `>12.8s` for the unbounded last bucket.
    public static func range(lower: Double, upper: Double) -> String {
        guard upper.isFinite else { return ">" + duration(seconds: lower) }
        func trimmed(_ v: Double) -> String {
            let t = String(format: v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v)
            guard t.contains(".") else { return t }
            var out = Substring(t)
            while out.hasSuffix("0") { out = out.dropLast() }
            if out.hasSuffix(".") { out = out.dropLast() }
            return String(out)
        }
        let (scale, unit) = upper >= 1 ? (1.0, "s") : upper >= 0.001 ? (1000.0, "ms") : (1e6, "µs")
        return trimmed(lower * scale) + "–" + trimmed(upper * scale) + unit
    }

    /// A ratio as a percentage: `0%`, `0.4%`, `12%`.
    public static func percent(_ r: Double?) -> String {
        guard let r, r.isFinite else { return "–" }
        let p = r * 100
        if p == 0 { return "0%" }
        if p < 0.1 { return "<0.1%" }
        if p < 10 { return String(format: "%.1f%%", p) }
        return String(format: "%.0f%%", p)
    }

    /// A window or interval: `5m`, `30s`, `1h`, `1h30m`.
    public static func interval(seconds s: Double) -> String {
        guard s.isFinite, abs(s) < 1e15 else { return "–" }
        let t = Int(s.rounded())
        if t % 3600 == 0, t >= 3600 { return "\(t / 3600)h" }
        if t % 60 == 0, t >= 60 { return t >= 3600 ? "\(t / 3600)h\(t % 3600 / 60)m" : "\(t / 60)m" }
        return "\(t)s"
    }

    /// An age: `0s`, `12s`, `3m`, `2h`.
    public static func age(seconds s: Double) -> String {
        let t = max(0, Int(s))
        if t < 120 { return "\(t)s" }
        if t < 7200 { return "\(t / 60)m" }
        return "\(t / 3600)h"
    }

    /// Parses `5m`, `30s`, `1h`, `1h30m`, `90` (seconds) into seconds.
    public static func parseInterval(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { return nil }
        if let plain = Double(s), plain > 0 { return plain }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in s {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let n = Double(number) else { return nil }
            switch c {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return total
    }
}
