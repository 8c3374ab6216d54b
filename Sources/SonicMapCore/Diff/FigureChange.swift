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

    /// How large the change is relative to the figure, from 0 (none) to 1 (from or to zero):
    /// `|after − before| / max(|before|, |after|)`. Symmetric and bounded, so changes of
    /// different figures can be ranked together.
    public var magnitude: Double {
        guard let before, let after else { return 0 }
        let scale = max(abs(before), abs(after))
        return scale > 0 ? abs(after - before) / scale : 0
    }
}
