import Foundation
import SonicMapCore

/// Trace by id, as Grafana fetches it: v2 first with `Accept: application/protobuf`,
/// v1 when v2 answers 404 (Tempo before 2.5, remembered for later fetches), and JSON
/// whenever the answer is not protobuf.
extension TempoClient {
    /// One trace. A trace Tempo marks `PARTIAL`, or one cut at `spanCap` spans, comes
    /// back with `Trace.partial` set.
    public func trace(id: TraceID, cancellation: HTTPCancellation? = nil) throws(TempoError) -> Trace {
        try traces(ids: [id], cancellation: cancellation)[0].get()
    }

    /// Several traces in parallel: one batch of requests (plus one v1 batch the first
    /// time a Tempo without v2 is met), results in the order of `ids`.
    public func traces(ids: [TraceID], cancellation: HTTPCancellation? = nil) -> [Result<Trace, TempoError>] {
        var results = [Result<Trace, TempoError>?](repeating: nil, count: ids.count)
        var viaV1 = Array(ids.indices)
        if !usesV1Only {
            viaV1 = []
            let answers = http.perform(ids.map { traceRequest($0, v2: true) }, cancellation: cancellation)
            for (i, answer) in answers.enumerated() {
                if case .success(let r) = answer, r.status == 404 {
                    viaV1.append(i)
                } else {
                    results[i] = decodeTrace(answer, id: ids[i], v2: true)
                }
            }
            if !viaV1.isEmpty { usesV1Only = true }
        }
        if !viaV1.isEmpty {
            let answers = http.perform(viaV1.map { traceRequest(ids[$0], v2: false) }, cancellation: cancellation)
            for (k, i) in viaV1.enumerated() { results[i] = decodeTrace(answers[k], id: ids[i], v2: false) }
        }
        return results.map { $0! }
    }

    private func traceRequest(_ id: TraceID, v2: Bool) -> HTTPRequest {
        HTTPRequest(endpoint: endpoint, path: (v2 ? "/api/v2/traces/" : "/api/traces/") + id.hex, accept: "application/protobuf")
    }

    private func decodeTrace(_ result: Result<HTTPResponse, HTTPError>, id: TraceID, v2: Bool) -> Result<Trace, TempoError> {
        let response: HTTPResponse
        switch result {
        case .failure(let e): return .failure(.transport(e))
        case .success(let r): response = r
        }
        switch response.status {
        case 200:
            break
        case 404:
            // Tempo's own "no such trace" is an empty body; Go's "404 page not found" means
            // the path does not exist, i.e. the URL is not Tempo's API.
            let text = response.excerpt()
            return .failure(text.isEmpty || !text.contains("page not found")
                ? .notFound(id) : .unexpectedStatus(url: response.url, status: 404, message: text))
        case 422:
            return .failure(.traceTooLarge(id, message: response.excerpt()))
        default:
            return .failure(statusError(response, asked: "trace \(id.hex)"))
        }
        let type = response.contentType?.lowercased() ?? ""
        do throws(TraceDecodeError) {
            if type.contains("protobuf") {
                return .success(try TraceDecoder.decodeProtobuf(response.body, message: v2 ? .traceByIDResponse : .tracesData, spanCap: spanCap))
            }
            if type.contains("json") { return .success(try TraceDecoder.decodeJSON(response.body, spanCap: spanCap)) }
            return .success(try TraceDecoder.decode(response.body, spanCap: spanCap))
        } catch .notFound {
            return .failure(.notFound(id))
        } catch .notATrace where TempoTraceByID.lacksTrace(response.body) {
            return .failure(.notFound(id))
        } catch {
            return .failure(.invalidResponse(url: response.url, reason: error.description))
        }
    }
}
