/// How busy the deployment was over the last hour, in bins: the curve behind the status
/// line's scrub bar while looking back, so the operator sees where the moment on screen
/// sits (before, in or after a burst).
///
/// Each value is the requests per second of every service-graph edge summed
/// (`sum(rate(traces_service_graph_request_total[bin]))`, the map's own filter applied),
/// over the bin *ending* at its time. Nil: no sample there (before the series existed,
/// before retention, a gap).
public struct TrafficHistory: Equatable, Sendable {
    /// Unix seconds the first bin ends at.
    public var firstEnd: Double
    /// Seconds per bin.
    public var step: Double
    /// One value per bin, oldest first.
    public var values: [Double?]

    public init(firstEnd: Double, step: Double, values: [Double?]) {
        self.firstEnd = firstEnd
        self.step = step
        self.values = values
    }

    /// Unix seconds the last bin ends at.
    public var end: Double { firstEnd + step * Double(max(0, values.count - 1)) }

    /// The value of the bin ending nearest `time`, if one ends within half a step of it.
    public func value(endingNear time: Double) -> Double? {
        bin(endingAt: time, within: step / 2).flatMap { values[$0] }
    }

    /// The index of the bin ending within `tolerance` seconds of `time`, if any.
    private func bin(endingAt time: Double, within tolerance: Double) -> Int? {
        guard step > 0 else { return nil }
        let i = ((time - firstEnd) / step).rounded()
        guard i.isFinite, i >= 0, i < Double(values.count), abs(firstEnd + i * step - time) <= tolerance else { return nil }
        return Int(i)
    }

    /// The PromQL of the curve: one range query, every edge summed, each point the rate
    /// over the bin it ends.
    public static func promQL(filter: LabelSelector, stepSeconds: Int) -> String {
        "sum(rate(\(filter.selecting("traces_service_graph_request_total"))[\(stepSeconds)s]))"
    }

    /// The curve the range query of `request`, ending at `end`, answered: its points placed
    /// in their bins. A point off the grid, or any answer but the one summed series, adds nothing.
    public init(request: TrafficRequest, end: Double, answer: PrometheusResult) {
        self.init(firstEnd: end - request.stepSeconds * Double(request.bins - 1), step: request.stepSeconds,
                  values: [Double?](repeating: nil, count: request.bins))
        guard case .matrix(let series) = answer, series.count == 1 else { return }
        for p in series[0].points where p.value.isFinite && p.value >= 0 {
            if let i = bin(endingAt: p.time, within: 0.5) { values[i] = p.value }
        }
    }
}
