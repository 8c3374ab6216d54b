/// The `data` of an `/api/v1/query` or `/api/v1/query_range` answer.
public enum PrometheusResult: Equatable, Sendable {
    /// An instant vector: one sample per series.
    case vector([PrometheusSample])
    /// A range vector: several points per series.
    case matrix([PrometheusSeries])
    case scalar(PrometheusPoint)
    case string(time: Double, value: String)

    /// The samples of an instant vector; nil for any other result type.
    public var vectorSamples: [PrometheusSample]? {
        if case let .vector(samples) = self { return samples }
        return nil
    }
}

/// One point in time: Unix seconds and a value, which may be NaN or ±Inf.
public struct PrometheusPoint: Sendable {
    public var time: Double
    public var value: Double

    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}

extension PrometheusPoint: Equatable {
    /// NaN equals NaN here: two answers that both say "no number" are the same answer.
    public static func == (a: PrometheusPoint, b: PrometheusPoint) -> Bool {
        a.time == b.time && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}

/// One series of an instant vector.
public struct PrometheusSample: Equatable, Sendable {
    /// The series' labels (`metric`), including `__name__` when the query kept it.
    public var labels: [String: String]
    /// The value; for a native histogram sample, its count.
    public var point: PrometheusPoint
    /// The native histogram, for a series that carries one instead of a value.
    public var histogram: PrometheusNativeHistogram?

    public init(labels: [String: String], point: PrometheusPoint, histogram: PrometheusNativeHistogram? = nil) {
        self.labels = labels
        self.point = point
        self.histogram = histogram
    }
}

/// One series of a range vector.
public struct PrometheusSeries: Equatable, Sendable {
    public var labels: [String: String]
    public var points: [PrometheusPoint]

    public init(labels: [String: String], points: [PrometheusPoint]) {
        self.labels = labels
        self.points = points
    }
}

extension PrometheusResult {
    /// Reads `data` of a query answer. A vector series may carry a native `histogram`
    /// instead of a `value`; range series carrying `histograms` are skipped (nothing
    /// sonicmap asks over a range returns them).
    init(json data: Any) throws(PrometheusJSON.ShapeError) {
        let object = try PrometheusJSON.object(data, "data")
        let type = try PrometheusJSON.string(object["resultType"], "data.resultType")
        let result = object["result"]
        switch type {
        case "vector":
            var samples: [PrometheusSample] = []
            for item in try PrometheusJSON.array(result, "data.result") {
                let series = try PrometheusJSON.object(item, "vector sample")
                let labels = try PrometheusJSON.labels(series["metric"], "metric")
                guard let value = series["value"] else {
                    guard let h = series["histogram"] else { throw .init("vector sample without a value") }
                    let native = try PrometheusJSON.nativeHistogram(h)
                    samples.append(PrometheusSample(
                        labels: labels, point: PrometheusPoint(time: native.time, value: native.histogram.count), histogram: native.histogram))
                    continue
                }
                samples.append(PrometheusSample(labels: labels, point: try PrometheusJSON.point(value)))
            }
            self = .vector(samples)
        case "matrix":
            var all: [PrometheusSeries] = []
            for item in try PrometheusJSON.array(result, "data.result") {
                let series = try PrometheusJSON.object(item, "matrix series")
                guard let values = series["values"] else {
                    if series["histograms"] != nil { continue }
                    throw .init("matrix series without values")
                }
                var points: [PrometheusPoint] = []
                for v in try PrometheusJSON.array(values, "values") { points.append(try PrometheusJSON.point(v)) }
                all.append(PrometheusSeries(labels: try PrometheusJSON.labels(series["metric"], "metric"), points: points))
            }
            self = .matrix(all)
        case "scalar":
            self = .scalar(try PrometheusJSON.point(result))
        case "string":
            let pair = try PrometheusJSON.array(result, "string result")
            guard pair.count == 2 else { throw .init("string result is not [time, \"text\"]") }
            self = .string(time: try PrometheusJSON.number(pair[0], "time"), value: try PrometheusJSON.string(pair[1], "string value"))
        default:
            throw .init("unknown resultType \"\(SafeText.clean(type))\"")
        }
    }
}
