import Foundation

/// Number formatting shared by the screen and the text exports: short, fixed-width
/// friendly, and honest about bounds (`<100ms`) and estimates (`~`).
public enum Formatting {
    /// Requests per second: `412/s`, `95.2/s`, `0.41/s`, `1.2k/s`.
    public static func rate(_ r: Double) -> String {
        guard r.isFinite else { return "–" }
        if r == 0 { return "0/s" }
        if r >= 10_000 { return String(format: "%.0fk/s", r / 1000) }
        if r >= 1000 { return String(format: "%.1fk/s", r / 1000) }
        if r >= 100 { return String(format: "%.0f/s", r) }
        if r >= 10 { return String(format: "%.1f/s", r) }
        if r >= 0.01 { return String(format: "%.2f/s", r) }
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

    /// A duration given in seconds: `850µs`, `3.1ms`, `42ms`, `1.25s`.
    public static func duration(seconds s: Double) -> String {
        guard s.isFinite else { return "–" }
        let ms = s * 1000
        if ms < 1 { return String(format: "%.0fµs", ms * 1000) }
        if ms < 10 { return String(format: "%.1fms", ms) }
        if ms < 1000 { return String(format: "%.0fms", ms) }
        if s < 100 { return String(format: "%.2fs", s) }
        return String(format: "%.0fs", s)
    }

    /// A duration given in milliseconds.
    public static func duration(ms: Double) -> String { duration(seconds: ms / 1000) }

    /// A histogram quantile in seconds, with its bound: `<100ms`, `>12.8s`, `230ms`.
    public static func quantile(_ q: QuantileEstimate) -> String {
        guard q.value.isFinite else { return "–" }
        return (q.bound?.rawValue ?? "") + duration(seconds: q.value)
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
