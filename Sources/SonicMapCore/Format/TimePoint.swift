import Foundation

/// A time as a person gives it on the command line: RFC 3339 (`2026-11-29T07:45:00Z`),
/// Unix seconds (`1789999980`), a UTC time of day (`14:05`, the zone sonicmap shows times
/// in) or relative to now (`-15m`, `-1h30m`, `now`).
///
/// Kept as given until `resolve(now:)`, so the same value means "15 minutes before the
/// command runs" whenever it is used. A bare number below 10⁹ is ambiguous: with the demo
/// it is simulated seconds, with a live source it is almost surely a mistake
/// (`liveSourceProblem`).
public enum TimePoint: Equatable, Sendable {
    /// Unix seconds, from RFC 3339 text or a number of at least 10⁹.
    case unix(Double)
    /// A bare number below 10⁹: the demo's simulated seconds; refused with a live source.
    case smallNumber(Double)
    /// Seconds from now: `-15m` is -900, `now` is 0.
    case relative(Double)
    /// Seconds after UTC midnight (`14:05` is 50 700): the latest such moment not after now,
    /// so at 00:10 `23:50` means twenty minutes ago, not tonight.
    case timeOfDay(Double)

    /// What the value means, for `--help` and error messages.
    public static let accepted = "RFC 3339 (2026-11-29T07:45:00Z), Unix seconds (1789999980), a UTC time of day (14:05) or relative to now (-15m, -1h, now)"

    /// Reads `text`; nil when it is none of the accepted forms.
    public init?(parsing text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.lowercased() == "now" {
            self = .relative(0)
        } else if s.hasPrefix("-"), let seconds = Formatting.parseInterval(String(s.dropFirst())), !s.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) {
            self = .relative(-seconds)
        } else if let n = Double(s), n.isFinite, n >= 0 {
            self = n >= 1e9 ? .unix(n) : .smallNumber(n)
        } else if let seconds = Self.rfc3339(s) {
            self = .unix(seconds)
        } else if let seconds = Self.timeOfDay(s) {
            self = .timeOfDay(seconds)
        } else {
            return nil
        }
    }

    /// Unix seconds, given the Unix seconds now (a small number is taken as it is).
    public func resolve(now: Double) -> Double {
        switch self {
        case .unix(let t), .smallNumber(let t): t
        case .relative(let d): now + d
        case .timeOfDay(let s):
            midnight(now) + s <= now ? midnight(now) + s : midnight(now) + s - 86_400
        }
    }

    /// Why this value cannot be used with a live source, or nil when it can: a bare
    /// number below 10⁹ is the demo's simulated seconds, not a date.
    public func liveSourceProblem(flag: String) -> String? {
        guard case .smallNumber(let n) = self else { return nil }
        let shown = n == n.rounded() ? String(Int(n)) : String(n)
        return "\(flag) \(shown) is a number of seconds, which means simulated seconds with --demo; with a live source give \(Self.accepted)"
    }

    /// The UTC midnight that starts the day of `now`.
    private func midnight(_ now: Double) -> Double { (now / 86_400).rounded(.down) * 86_400 }

    /// `HH:MM` or `HH:MM:SS` on a 24-hour clock, as seconds after midnight.
    private static func timeOfDay(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        let v = parts.compactMap { Int($0) }
        guard v.count == parts.count, v[0] < 24, v[1] < 60, v.count == 2 || v[2] < 60 else { return nil }
        return Double(v[0] * 3600 + v[1] * 60 + (v.count == 3 ? v[2] : 0))
    }

    /// RFC 3339 with a zone, with or without fractional seconds.
    private static func rfc3339(_ text: String) -> Double? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
