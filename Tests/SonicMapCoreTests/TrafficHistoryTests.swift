import Testing
@testable import SonicMapCore

/// The scrub bar's curve (issue 15): the range query's points placed in their bins.
@Suite struct TrafficHistoryTests {
    let request = TrafficRequest(spanSeconds: 3600, stepSeconds: 300)
    let end = 1_790_000_000.0

    func matrix(_ points: [(Double, Double)]) -> PrometheusResult {
        .matrix([PrometheusSeries(labels: [:], points: points.map { PrometheusPoint(time: $0.0, value: $0.1) })])
    }

    @Test func pointsLandInTheBinsTheyEnd() {
        let answer = matrix([(end - 3300, 1.5), (end - 600, 2), (end - 300, .nan), (end, 4), (end - 1000, 9), (end + 300, 9)])
        let curve = TrafficHistory(request: request, end: end, answer: answer)
        #expect(curve.firstEnd == end - 3300 && curve.step == 300 && curve.end == end)
        #expect(curve.values.count == 12)
        #expect(curve.values == [1.5, nil, nil, nil, nil, nil, nil, nil, nil, 2, nil, 4], "off the grid, NaN and later points add nothing")
    }

    @Test func anythingButOneSummedSeriesIsNoCurve() {
        let two = PrometheusResult.matrix([
            PrometheusSeries(labels: ["a": "1"], points: [PrometheusPoint(time: end, value: 1)]),
            PrometheusSeries(labels: ["a": "2"], points: [PrometheusPoint(time: end, value: 2)]),
        ])
        for answer in [two, .vector([PrometheusSample(labels: [:], point: PrometheusPoint(time: end, value: 1))]), .matrix([])] {
            #expect(TrafficHistory(request: request, end: end, answer: answer).values == Array(repeating: nil, count: 12))
        }
    }

    @Test func aValueIsTheBinEndingWithinHalfAStep() {
        let curve = TrafficHistory(firstEnd: 1000, step: 300, values: [1, nil, 3])
        #expect(curve.value(endingNear: 1000) == 1)
        #expect(curve.value(endingNear: 1149) == 1)
        #expect(curve.value(endingNear: 1151) == nil, "the second bin has no sample")
        #expect(curve.value(endingNear: 1600 + 149) == 3)
        #expect(curve.value(endingNear: 1600 + 151) == nil)
        #expect(curve.value(endingNear: 849) == nil)
        #expect(TrafficHistory(firstEnd: 0, step: 300, values: []).value(endingNear: 0) == nil)
    }

    @Test func theQuerySumsEveryEdgeWithTheMapsFilter() throws {
        #expect(TrafficHistory.promQL(filter: LabelSelector(), stepSeconds: 300) == "sum(rate(traces_service_graph_request_total[300s]))")
        let filter = try LabelSelector(parsing: #"client!="user""#)
        #expect(TrafficHistory.promQL(filter: filter, stepSeconds: 300) == #"sum(rate(traces_service_graph_request_total{client!="user"}[300s]))"#)
    }
}
