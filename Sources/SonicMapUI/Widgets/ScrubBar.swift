import SonicMapCore

/// Where the moment looked at sits in the last hour, for the status line while looking
/// back: `-1h ▁▂▃▅▇▅◆▃▂▁▂▃ now`. Each cell is five minutes of traffic (every edge's
/// requests per second summed, from `TrafficHistory`), a dashed cell where there is no
/// sample, and `◆` (ASCII `|`) marks the five-minute boundary nearest the moment. Without a curve the
/// cells are all dashed; older than an hour, the bar says how long ago instead.
public enum ScrubBar {
    /// The span the bar covers, in seconds.
    public static let span = 3600.0
    /// Cells of the bar: five minutes each.
    public static let cells = 12

    /// The curve the bar is drawn over: one bin per cell.
    public static let request = TrafficRequest(spanSeconds: span, stepSeconds: span / Double(cells))

    /// The bar for `at` given `now` (both Unix seconds), over `traffic` when there is one,
    /// in runs: the marker in the AT badge's role, the rest in the status bar's.
    public static func runs(at: Double, now: Double, traffic: TrafficHistory?, glyphs: Glyphs) -> [(String, Role)] {
        let marker = glyphs.isASCII ? "|" : "◆"
        let back = max(0, now - at)
        guard back <= span else { return [(marker, .statusWarn), (" \(Formatting.age(seconds: back)) ago", .statusBar)] }
        let track = self.track(now: now, traffic: traffic, glyphs: glyphs)
        // The boundary between cells nearest `at`, from 0 (one hour ago) to `cells` (now).
        let boundary = max(0, min(cells, Int(((span - back) / span * Double(cells)).rounded())))
        return [("-1h " + track.prefix(boundary).joined(), .statusBar), (marker, .statusWarn), (track.dropFirst(boundary).joined() + " now", .statusBar)]
    }

    /// The bar as plain text.
    public static func text(at: Double, now: Double, traffic: TrafficHistory? = nil, glyphs: Glyphs) -> String {
        runs(at: at, now: now, traffic: traffic, glyphs: glyphs).map(\.0).joined()
    }

    /// One glyph per cell, oldest first: the traffic of the five minutes the cell ends,
    /// scaled over the hour, or dashed.
    static func track(now: Double, traffic: TrafficHistory?, glyphs: Glyphs) -> [String] {
        let step = span / Double(cells)
        let values = (0..<cells).map { i in traffic?.value(endingNear: now - span + step * Double(i + 1)) }
        // ASCII sparks use `.` themselves: a cell without a sample is blank there.
        let line = Sparkline.line(values, width: cells, glyphs: glyphs, missing: glyphs.isASCII ? " " : glyphs.dashedHorizontal)
        guard !line.isEmpty else { return Array(repeating: glyphs.dashedHorizontal, count: cells) }
        return line.map(String.init)
    }
}
