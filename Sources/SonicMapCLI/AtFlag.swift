import ArgumentParser
import SonicMapCore

/// `--at T` of `live`, `export`, `doctor` and `search`, and the other time flags: the text
/// a person typed, checked the same way by every command.
///
/// With `--demo` a time is the demo's simulated seconds; with a live source it is a moment
/// (`TimePoint`), and a bare number below 10⁹ is refused as surely meant for the demo.
enum AtFlag {
    /// The Unix seconds a live time may take: past year 9999 no date format holds.
    static let unixRange = 1e9...253_402_300_799.0
    /// The simulated seconds the demo's flags take (a day).
    static let demoRange = 0...86_400.0

    /// The time `text` of `flag` means for a live source; a usage error (exit 2) saying what
    /// is accepted when it is none of those forms, a demo number, or out of range.
    static func live(_ text: String, flag: String = "--at") throws -> TimePoint {
        let point = try parse(text, flag: flag)
        if let problem = point.liveSourceProblem(flag: flag) { throw ValidationError(problem + ".") }
        if case .unix(let t) = point, !unixRange.contains(t) {
            throw ValidationError(
                "\(flag): \(SafeText.clean(text)) is out of range: give a time between 2001-09-09T01:46:40Z (Unix 1000000000) and 9999-12-31T23:59:59Z (Unix 253402300799).")
        }
        return point
    }

    /// Checks `--at` for `validate()`: simulated seconds with `--demo`, a moment otherwise.
    static func check(_ text: String, demo: Bool) throws {
        if demo { _ = try demoSeconds(text) } else { _ = try live(text) }
    }

    /// `text` as a `TimePoint`; a usage error saying what is accepted when it is none.
    static func parse(_ text: String, flag: String) throws -> TimePoint {
        guard let point = TimePoint(parsing: text) else {
            throw ValidationError("\(flag): '\(SafeText.clean(text))' is not a time: give \(TimePoint.accepted).")
        }
        return point
    }

    /// The demo's simulated seconds `text` of `flag` gives; a usage error otherwise.
    static func demoSeconds(_ text: String, flag: String = "--at") throws -> Double {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), demoRange.contains(seconds) else {
            throw ValidationError("\(flag) with --demo is the demo's simulated seconds: give a number between 0 and 86400, not '\(SafeText.clean(text))'.")
        }
        return seconds
    }

    /// Unix seconds of `point` given the Unix seconds `now`; a usage failure when it is in
    /// the future, where no source has data.
    static func resolve(_ point: TimePoint, now: Double, flag: String = "--at") throws -> Double {
        let t = point.resolve(now: now)
        guard t <= now + 1 else {
            throw CommandFailure.usage("\(flag) \(UTCTime.rfc3339(t)) is in the future (now is \(UTCTime.rfc3339(now))): give a time up to now.")
        }
        return t
    }
}
