import Foundation
import SonicMapCore

/// The service map's metrics in one round trip: every query of `ServiceGraphQueries` at
/// once, in parallel, assembled by Core's `ServiceGraphAssembler`.
extension PrometheusClient {
    /// The sample at `time` (Unix seconds) for a map over `window` seconds, and warnings.
    ///
    /// A query that fails becomes a warning and the map keeps what the others answered;
    /// only when every query fails is it an error, carrying the first failure.
    public func serviceGraphSample(window: Double, time: Double, queries: ServiceGraphQueries, cancellation: HTTPCancellation? = nil)
        throws(PrometheusClientError) -> (sample: ServiceGraphSample, warnings: [String])
    {
        let requests = serviceGraphRequests(queries, time: time)
        return try serviceGraphSample(queries, http.perform(requests, cancellation: cancellation), window: window, time: time)
    }

    /// One request per query, in `queries.all` order.
    func serviceGraphRequests(_ queries: ServiceGraphQueries, time: Double) -> [HTTPRequest] {
        queries.all.map { queryRequest($0.promQL, time: time) }
    }

    /// Assembles the answers to `serviceGraphRequests`, in the same order.
    func serviceGraphSample(
        _ queries: ServiceGraphQueries, _ answers: [Result<HTTPResponse, HTTPError>], window: Double, time: Double
    ) throws(PrometheusClientError) -> (sample: ServiceGraphSample, warnings: [String]) {
        var results: [ServiceGraphQueryID: PrometheusResult] = [:]
        var failures: [(id: ServiceGraphQueryID, error: PrometheusClientError)] = []
        var serverWarnings: [String] = []
        for (query, answer) in zip(queries.all, answers) {
            do throws(PrometheusClientError) {
                let response: HTTPResponse
                switch answer {
                case .success(let r): response = r
                case .failure(let e): throw .transport(e)
                }
                let decoded = try decode(response) { body, status throws(PrometheusError) in
                    try PrometheusResponse(queryBody: body, httpStatus: status)
                }
                results[query.id] = decoded.data
                serverWarnings += decoded.warnings.map { "Prometheus warning: \(SafeText.clean($0))" }
            } catch {
                if case .transport(let e) = error, e.isCancelled { throw error }
                failures.append((query.id, error))
            }
        }
        if let first = failures.first, results.isEmpty { throw .everyQueryFailed(count: failures.count, first: first.error) }
        let sample = ServiceGraphAssembler.sample(results: results, time: time, windowSeconds: window)
        return (sample, Self.unique(serverWarnings) + Self.failureWarnings(failures))
    }

    /// One warning per distinct failure, naming the queries it hit.
    private static func failureWarnings(_ failures: [(id: ServiceGraphQueryID, error: PrometheusClientError)]) -> [String] {
        var order: [String] = []
        var ids: [String: [String]] = [:]
        for f in failures {
            let text = f.error.description
            if ids[text] == nil { order.append(text) }
            ids[text, default: []].append(f.id.rawValue)
        }
        return order.map { text in
            let names = ids[text]!
            return "Prometheus quer\(names.count == 1 ? "y" : "ies") \(names.joined(separator: ", ")) failed: \(text)"
        }
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }
}
