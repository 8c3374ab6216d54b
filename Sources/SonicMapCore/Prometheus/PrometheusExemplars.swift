/// The exemplars of one series, from `/api/v1/query_exemplars`.
public struct PrometheusExemplarSeries: Equatable, Sendable {
    /// The labels of the series the exemplars belong to (a histogram bucket, with its `le`).
    public var seriesLabels: [String: String]
    public var exemplars: [PrometheusExemplar]

    public init(seriesLabels: [String: String], exemplars: [PrometheusExemplar]) {
        self.seriesLabels = seriesLabels
        self.exemplars = exemplars
    }
}

/// One exemplar: a sampled observation with the labels that link it to a trace.
public struct PrometheusExemplar: Equatable, Sendable {
    public var labels: [String: String]
    public var value: Double
    /// Unix seconds.
    public var time: Double

    public init(labels: [String: String], value: Double, time: Double) {
        self.labels = labels
        self.value = value
        self.time = time
    }

    /// The trace the exemplar points to. Tempo labels it `traceID` (hex, leading zeros
    /// trimmed); other instrumentations use `trace_id`. Nil when absent or not hex.
    public var traceID: TraceID? {
        guard let text = labels["traceID"] ?? labels["trace_id"] else { return nil }
        return TraceID(hex: text)
    }
}

extension PrometheusExemplarSeries {
    /// Reads `data` of a `query_exemplars` answer: an array of series.
    static func list(json data: Any) throws(PrometheusJSON.ShapeError) -> [PrometheusExemplarSeries] {
        var all: [PrometheusExemplarSeries] = []
        for item in try PrometheusJSON.array(data, "data") {
            let series = try PrometheusJSON.object(item, "exemplar series")
            var exemplars: [PrometheusExemplar] = []
            for e in try PrometheusJSON.array(series["exemplars"], "exemplars") {
                let o = try PrometheusJSON.object(e, "exemplar")
                exemplars.append(PrometheusExemplar(
                    labels: try PrometheusJSON.labels(o["labels"], "exemplar labels"),
                    value: try PrometheusJSON.value(o["value"], "exemplar value"),
                    time: try PrometheusJSON.number(o["timestamp"], "exemplar timestamp")))
            }
            all.append(PrometheusExemplarSeries(
                seriesLabels: try PrometheusJSON.labels(series["seriesLabels"], "seriesLabels"), exemplars: exemplars))
        }
        return all
    }
}
