import SonicMapCore

/// Where the moment looked at sits in the last hour, for the status line while looking
/// back: `-1h ╌╌╌╌╌╌╌╌◆╌╌╌ now`, one cell per five minutes; older than an hour, how long ago.
public enum ScrubBar {
    /// The span the bar covers, in seconds.
    public static let span = 3600.0
    /// Cells of the bar: five minutes each.
    public static let cells = 12

    /// The bar for `at` given `now` (both Unix seconds).
    public static func text(at: Double, now: Double, glyphs: Glyphs) -> String {
        let back = max(0, now - at)
        guard back <= span else { return "\(glyphs.isASCII ? "*" : "◆") \(Formatting.age(seconds: back)) ago" }
        // The cell holding `at`, counted from the left (one hour ago) to the right (now).
        let cell = min(cells - 1, Int(((span - back) / span * Double(cells)).rounded(.down)))
        let track = (0..<cells).map { $0 == cell ? (glyphs.isASCII ? "*" : "◆") : glyphs.dashedHorizontal }.joined()
        return "-1h \(track) now"
    }
}
