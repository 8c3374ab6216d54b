/// A one-row chart of recent values with block characters, newest on the right.
public enum Sparkline {
    /// The last `width` values scaled between their minimum (or zero) and maximum; an
    /// unknown value is drawn as `missing`.
    public static func line(_ values: [Double?], width: Int, glyphs: Glyphs, missing: String = " ") -> String {
        let shown = Array(values.suffix(width))
        let known = shown.compactMap { $0 }.filter(\.isFinite)
        guard let hi = known.max(), width > 0 else { return "" }
        let lo = min(0, known.min() ?? 0)
        let levels = glyphs.sparks.count
        return shown.map { v -> String in
            guard let v, v.isFinite else { return missing }
            guard hi > lo else { return glyphs.sparks[0] }
            let i = Int(((v - lo) / (hi - lo) * Double(levels - 1)).rounded())
            return glyphs.sparks[max(0, min(levels - 1, i))]
        }.joined()
    }
}
