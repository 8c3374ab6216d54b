/// What the scrub bar's curve asks of a source: the last `spanSeconds` up to the source's
/// now, in bins of `stepSeconds` (the UI's `ScrubBar.request` is the one in use).
public struct TrafficRequest: Equatable, Sendable {
    /// How far back the curve goes, seconds.
    public var spanSeconds: Double
    /// Seconds per bin.
    public var stepSeconds: Double

    public init(spanSeconds: Double, stepSeconds: Double) {
        self.spanSeconds = spanSeconds
        self.stepSeconds = stepSeconds
    }

    /// How many bins: at least one.
    public var bins: Int { max(1, Int((spanSeconds / max(1, stepSeconds)).rounded())) }
}
