import Foundation
import SonicMapCore

/// The map from a real Tempo and/or Prometheus.
///
/// A refresh costs a bounded number of requests, whatever the size of the graph:
/// 1. one parallel batch: every service-map query of `ServiceGraphQueries` (30) plus one
///    Tempo search for the newest requests of the refresh window (`most_recent=true`);
/// 2. one more parallel batch fetching, of the newest `traceFetchLimit` traces found,
///    only those the `TraceCache` does not hold complete (plus, once, a v1 retry batch
///    against a Tempo older than 2.5).
///
/// Looking back (`RefreshRequest.at`), the window ends at that time: every query is
/// evaluated there and the search ends there. Only when the map there is empty does one
/// more query ask Prometheus for its first sample since (`LookBack`), to say why.
///
/// Either endpoint may be absent: without Prometheus the map is built from the traces
/// (Core's pairing fallback), without Tempo it has no traces. A failing query or fetch
/// becomes a warning; only when every configured endpoint fails does `refresh` throw.
public final class LiveSource: MapSource {
    /// What each refresh asks for.
    public struct Options: Equatable, Sendable {
        /// TraceQL for recent requests. With the default, a search that finds nothing
        /// switches to `{}` (any trace) for a deployment without Triton.
        public var traceQuery: String
        /// Hits asked of each search.
        public var searchLimit: Int
        /// Traces fetched per refresh (K), newest first.
        public var traceFetchLimit: Int
        /// Spans decoded per trace before it is cut and marked partial.
        public var spanCap: Int
        /// Added to every service-graph selector (e.g. `client!="user"`).
        public var serviceGraphFilter: LabelSelector
        /// Added to every Triton and Envoy selector (e.g. `release="supersonic"`).
        public var supersonicSelector: LabelSelector

        /// The default `traceQuery`: Triton's root span, one per inference request.
        public static let inferRequestQuery = #"{ name = "InferRequest" }"#

        public init(
            traceQuery: String = Options.inferRequestQuery, searchLimit: Int = 20, traceFetchLimit: Int = 20, spanCap: Int = 100_000,
            serviceGraphFilter: LabelSelector = LabelSelector(), supersonicSelector: LabelSelector = LabelSelector()
        ) {
            self.traceQuery = traceQuery
            self.searchLimit = searchLimit
            self.traceFetchLimit = traceFetchLimit
            self.spanCap = spanCap
            self.serviceGraphFilter = serviceGraphFilter
            self.supersonicSelector = supersonicSelector
        }
    }

    /// The clients of the configured endpoints; at least one is present.
    public let tempo: TempoClient?
    public let prometheus: PrometheusClient?
    public let options: Options
    let http: HTTPClient
    let clock: @Sendable () -> Double
    /// What a refresh leaves for the next one, and for `cancelInFlight` on another thread.
    struct Shared {
        /// The running refresh's token.
        var inFlight: HTTPCancellation?
        /// Set after the default InferRequest search found nothing.
        var searchingAnyTrace = false
        /// Traces fetched, shared by refreshes and the views' searches.
        var cache = TraceCache()
    }

    let shared = Locked(Shared())

    /// - Parameters:
    ///   - clock: Unix seconds now; called on the poller thread at each refresh.
    /// - Throws: `ConfigError.invalid` when neither endpoint is given.
    public init(
        tempo: EndpointConfig?, prometheus: EndpointConfig?, options: Options = Options(), http: HTTPClient = HTTPClient(),
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(ConfigError) {
        guard tempo != nil || prometheus != nil else {
            throw .invalid("no endpoint: give --tempo URL and/or --prometheus URL (or SONICMAP_TEMPO_URL, SONICMAP_PROMETHEUS_URL), or try `sonicmap demo`")
        }
        self.tempo = tempo.map { TempoClient(endpoint: $0, http: http, spanCap: options.spanCap) }
        self.prometheus = prometheus.map { PrometheusClient(endpoint: $0, http: http) }
        self.options = options
        self.http = http
        self.clock = clock
    }

    /// `tempo`, `prometheus` or `tempo+prometheus`.
    public var summary: String {
        [tempo.map { _ in "tempo" }, prometheus.map { _ in "prometheus" }].compactMap { $0 }.joined(separator: "+")
    }

    /// The most requests one refresh sends (the v1 retry batch aside, and the one
    /// `LookBack` query of a look back whose map is empty).
    public var requestsPerRefresh: Int {
        (prometheus == nil ? 0 : ServiceGraphQueryID.allCases.count) + (tempo == nil ? 0 : 1 + options.traceFetchLimit)
    }

    /// Ends the running refresh's requests now (from any thread), e.g. when the window
    /// changes; that refresh then throws `HTTPError.cancelled`.
    public func cancelInFlight() {
        shared.withLockedValue { $0.inFlight }?.cancel()
    }

    /// Metrics and recent traces for the window ending now, or at `request.at`. Throws `LiveSourceError` when
    /// every configured endpoint failed, and `HTTPError.cancelled` after `cancelInFlight`.
    public func refresh(_ request: RefreshRequest) throws -> RefreshData {
        let token = HTTPCancellation()
        shared.withLockedValue { $0.inFlight = token }
        defer { shared.withLockedValue { if $0.inFlight === token { $0.inFlight = nil } } }
        let now = clock()
        let end = request.at ?? now
        let window = request.windowSeconds
        let queries = try ServiceGraphQueries(
            windowSeconds: window, serviceGraphFilter: options.serviceGraphFilter, supersonicSelector: options.supersonicSelector)
        let traceQuery = shared.withLockedValue { $0.searchingAnyTrace } ? "{}" : options.traceQuery

        // Batch 1: every metrics query and the trace search, in parallel.
        var requests = prometheus.map { $0.serviceGraphRequests(queries, time: end) } ?? []
        let promCount = requests.count
        let newestQuery = tempo?.newestQuery(traceQuery)
        if let tempo, let newestQuery {
            requests.append(tempo.searchRequest(q: newestQuery, limit: options.searchLimit, spss: nil, start: end - window, end: end))
        }
        let answers = http.perform(requests, cancellation: token)
        if token.isCancelled { throw HTTPError.cancelled(url: endpointURLs) }

        var warnings: [String] = []
        if tempo != nil, request.at != nil, let note = LookBack.tempoNote(end: end, now: now) { warnings.append(note) }
        var failures: [SourceFailure] = []
        var sample: ServiceGraphSample?
        if let prometheus {
            do {
                let (s, w) = try prometheus.serviceGraphSample(queries, Array(answers[..<promCount]), window: window, time: end)
                sample = s
                warnings += w
                if let at = request.at, s.edges.isEmpty, let note = firstSampleNote(prometheus, at: at, now: now, token: token) { warnings.append(note) }
            } catch {
                failures.append(SourceFailure(error).from("Prometheus (\(prometheus.endpoint.redactedURL))"))
            }
        }
        var traces: [Trace] = []
        if let tempo {
            do {
                let found = try newestHits(answers[promCount], hinted: newestQuery != traceQuery, query: traceQuery, from: tempo, start: end - window, end: end, token: token)
                // Batch 2: of the newest K traces, those not held complete, in parallel.
                traces = cached(newest(found), from: tempo, now: now, token: token, warnings: &warnings)
                if token.isCancelled { throw HTTPError.cancelled(url: endpointURLs) }
                warnings += searchWarnings(found: found, traces: traces, query: traceQuery, window: window, at: request.at)
            } catch let error as HTTPError where error.isCancelled {
                throw error
            } catch {
                failures.append(SourceFailure(error).from("Tempo (\(tempo.endpoint.redactedURL))"))
            }
        }
        if failures.count == (prometheus == nil ? 0 : 1) + (tempo == nil ? 0 : 1) { throw LiveSourceError(failures: failures) }
        return RefreshData(sample: sample, traces: traces, time: end, warnings: failures.map(\.message) + warnings)
    }

    /// The traffic of the last `request.spanSeconds` up to now: one range query. Without
    /// Prometheus there is none (Tempo alone keeps no counters).
    public func traffic(_ request: TrafficRequest) throws -> TrafficHistory {
        guard let prometheus else { throw SourceFailure(.unavailable, "the traffic curve needs Prometheus; this source has only Tempo") }
        let end = clock()
        let promQL = TrafficHistory.promQL(filter: options.serviceGraphFilter, stepSeconds: Int(request.stepSeconds.rounded()))
        do {
            let answer = try prometheus.queryRange(
                promQL, start: end - request.stepSeconds * Double(request.bins - 1), end: end, step: request.stepSeconds)
            return TrafficHistory(request: request, end: end, answer: answer.data)
        } catch {
            throw SourceFailure(error).from("Prometheus (\(prometheus.endpoint.redactedURL))")
        }
    }

    /// Why the map at `at` is empty when Prometheus has service-graph samples since: one
    /// query, evaluated now. Nil when it has none since, or cannot say.
    private func firstSampleNote(_ prometheus: PrometheusClient, at: Double, now: Double, token: HTTPCancellation) -> String? {
        let promQL = LookBack.firstSampleQuery(filter: options.serviceGraphFilter, at: at, now: now)
        guard let samples = try? prometheus.query(promQL, time: now, cancellation: token).data.vectorSamples else { return nil }
        return LookBack.prometheusNote(at: at, firstSample: samples.first?.point.value)
    }

    /// The configured base URLs, without credentials, for messages.
    private var endpointURLs: String {
        [tempo?.endpoint.redactedURL, prometheus?.endpoint.redactedURL].compactMap { $0 }.joined(separator: " and ")
    }

    /// The hits of the refresh's search. When Tempo refused the hint (400, before 2.5), the
    /// listing asks again, learns that, and bisects from then on.
    private func newestHits(
        _ answer: Result<HTTPResponse, HTTPError>, hinted: Bool, query: String, from tempo: TempoClient, start: Double, end: Double,
        token: HTTPCancellation
    ) throws(TempoError) -> [TraceSummary] {
        if hinted, case .success(let r) = answer, r.status == 400 {
            return try tempo.list(query: query, start: start, end: end, limit: options.searchLimit, cancellation: token).traces
        }
        return try tempo.decodeSearch(answer, q: query)
    }

    /// Ids of the newest hits, at most `traceFetchLimit`, without repeats.
    private func newest(_ found: [TraceSummary]) -> [TraceID] {
        var seen = Set<TraceID>()
        return found.sorted { $0.startUnixNano > $1.startUnixNano }.map(\.traceID)
            .filter { seen.insert($0).inserted }.prefix(max(0, options.traceFetchLimit)).map { $0 }
    }

    /// The traces `ids`, in that order: fetched when the cache does not hold them complete,
    /// from the cache otherwise. A trace that cannot be fetched but is held stays in.
    func cached(_ ids: [TraceID], from tempo: TempoClient, now: Double, token: HTTPCancellation, warnings: inout [String]) -> [Trace] {
        let wanted = shared.withLockedValue { s in ids.filter { s.cache.needsFetch($0, now: now) } }
        let fetched = fetch(wanted, from: tempo, token: token, warnings: &warnings)
        return shared.withLockedValue { s in
            for t in fetched { s.cache.store(t, fetchedAt: now) }
            return ids.compactMap { s.cache.trace($0) }
        }
    }

    func fetch(_ ids: [TraceID], from tempo: TempoClient, token: HTTPCancellation, warnings: inout [String]) -> [Trace] {
        var traces: [Trace] = []
        var failed: [TempoError] = []
        for result in tempo.traces(ids: ids, cancellation: token) {
            switch result {
            case .success(let t):
                traces.append(t)
                if t.partial { warnings.append("trace \(t.traceID.hex) is partial: \(SafeText.clean(t.partialReason))") }
            case .failure(let e):
                failed.append(e)
            }
        }
        if let first = failed.first { warnings.append("\(failed.count) of \(ids.count) traces could not be fetched from Tempo; the first: \(first)") }
        return traces
    }

    /// Explains an empty search, and moves between the InferRequest query and `{}`.
    private func searchWarnings(found: [TraceSummary], traces: [Trace], query: String, window: Double, at: Double?) -> [String] {
        let searchingAnyTrace = shared.withLockedValue { s in
            if s.searchingAnyTrace {
                // Back to InferRequest as soon as such spans show up again.
                if traces.contains(where: { $0.spans.contains { $0.name == "InferRequest" } }) { s.searchingAnyTrace = false }
            } else if found.isEmpty && options.traceQuery == Options.inferRequestQuery {
                s.searchingAnyTrace = true
            }
            return s.searchingAnyTrace
        }
        guard found.isEmpty else { return [] }
        let when = at.map { "in the \(Formatting.interval(seconds: window)) before \(UTCTime.rfc3339($0))" } ?? "in the last \(Formatting.interval(seconds: window))"
        var text = "Tempo found no traces for \(SafeText.clean(query)) \(when); traces from the last ~30 s are not searchable yet (Tempo's query_end_cutoff)"
        if searchingAnyTrace && query != "{}" { text += "; trying any trace ({}) next" }
        return [text]
    }
}
