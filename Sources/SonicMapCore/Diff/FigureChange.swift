/// One figure in two snapshots: its value before, after, and the difference.
public struct FigureChange: Equatable, Sendable {
    public var before: Double?
    public var after: Double?
    /// A quantile that fell in the first or last bucket is only known to lie below (or
    /// above) its value; these say so for each side.
    public var beforeBound: QuantileEstimate.Bound?
    public var afterBound: QuantileEstimate.Bound?

    public init(before: Double?, after: Double?, beforeBound: QuantileEstimate.Bound? = nil, afterBound: QuantileEstimate.Bound? = nil) {
        self.before = before.flatMap { $0.isFinite ? $0 : nil }
        self.after = after.flatMap { $0.isFinite ? $0 : nil }
        self.beforeBound = beforeBound
        self.afterBound = afterBound
    }

    /// `after − before`, when both are known.
    public var delta: Double? {
        guard let before, let after else { return nil }
        return after - before
    }

    /// The change relative to before, `+12%` (`(new)` from zero); empty when there is none
    /// or a side is only a bound.
    public static func relativeText(_ change: FigureChange) -> String {
        guard let before = change.before, let delta = change.delta, delta != 0 else { return "" }
        guard change.beforeBound == nil && change.afterBound == nil else { return "" }
        guard before != 0 else { return "(new)" }
        let pct = (delta / abs(before) * 100).rounded()
        return pct == 0 ? "±0%" : String(format: "%+.0f%%", pct)
    }

    /// A ratio's change in percentage points, `+1.2pt`; empty when there is none.
    public static func pointsText(_ change: FigureChange) -> String {
        guard let delta = change.delta, delta != 0 else { return "" }
        let points = (delta * 1000).rounded() / 10
        return points == 0 ? "±0pt" : String(format: "%+.1fpt", points)
    }

    /// How large the change is relative to the figure, from 0 (none) to 1 (from or to zero):
    /// `|after − before| / max(|before|, |after|)`. Symmetric and bounded, so changes of
    /// different figures can be ranked together.
    public var magnitude: Double {
        guard let before, let after else { return 0 }
        let scale = max(abs(before), abs(after))
        return scale > 0 ? abs(after - before) / scale : 0
    }
}
