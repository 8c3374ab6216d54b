/// Unix seconds as UTC calendar text, without a calendar library or the process's time
/// zone, so the same instant always gives the same text.
public enum UTCTime {
    /// `2026-11-29T08:15:00Z` (RFC 3339, to the second).
    public static func rfc3339(_ unixSeconds: Double) -> String {
        let c = components(unixSeconds)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    /// `08:15:00`, the time of day; with the date before it (`2026-11-28 08:15:00`) when
    /// `unixSeconds` is not on the same UTC day as `today`.
    public static func clock(_ unixSeconds: Double, today: Double) -> String {
        let c = components(unixSeconds), d = components(today)
        let time = "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
        return (c.year, c.month, c.day) == (d.year, d.month, d.day) ? time : "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) " + time
    }

    /// `20261129-081500`, for file names.
    public static func compact(_ unixSeconds: Double) -> String {
        let c = components(unixSeconds)
        return "\(pad(c.year, 4))\(pad(c.month))\(pad(c.day))-\(pad(c.hour))\(pad(c.minute))\(pad(c.second))"
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    static func components(_ unixSeconds: Double) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let t = unixSeconds.isFinite ? Int(unixSeconds.rounded(.down)) : 0
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    private static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
