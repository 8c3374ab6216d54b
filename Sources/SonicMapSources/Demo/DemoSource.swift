import Foundation
import SonicMapCore

/// The demo as a `MapSource`: a simulator whose time follows a clock.
///
/// Live, simulated time runs with the wall clock from a warm start (so the map has
/// data at once). For `--once`, the clock is fixed and the frame is reproducible.
///
/// The simulator is a reference that `refresh` advances: only the poller thread touches it
/// once the poller has started (tests and `--once` call the source from one thread).
public final class DemoSource: MapSource {
    nonisolated(unsafe) public let simulator: DemoSimulator
    private let clock: @Sendable () -> Double
    /// Traces of each kind handed to the model per refresh.
    public let traceLimit = 400

    /// - Parameters:
    ///   - clock: simulated seconds now; called on the poller thread at each refresh.
    /// Unix seconds of simulated second 0 unless told otherwise (2026-01-01T00:00:00Z).
    public static let defaultEpoch = 1_767_225_600.0

    public init(options: DemoOptions, epoch: Double = defaultEpoch, clock: @escaping @Sendable () -> Double) {
        simulator = DemoSimulator(options: options, epoch: epoch)
        self.clock = clock
    }

    /// A demo whose simulated time starts at `warmStart` seconds and then follows the wall clock.
    public static func live(options: DemoOptions, warmStart: Double = 120) -> DemoSource {
        let started = Date().timeIntervalSince1970
        let epoch = started - warmStart
        return DemoSource(options: options, epoch: epoch) { warmStart + Date().timeIntervalSince1970 - started }
    }

    /// The demo's options as a snapshot records them.
    public var snapshotSource: SnapshotDemoSource {
        let o = simulator.options
        return SnapshotDemoSource(seed: o.seed, rate: o.rate, envoySampling: o.envoySampling, envoySpans: o.envoySpans.rawValue, epoch: simulator.epoch)
    }

    public var summary: String {
        let o = simulator.options
        return "demo seed \(o.seed)"
    }

    /// The map of the window ending now, or at `request.at` within the last hour the
    /// simulator keeps; earlier than that is an error that says how far back it can go.
    public func refresh(_ request: RefreshRequest) throws -> RefreshData {
        simulator.advance(to: clock())
        let end = request.at.map { $0 - simulator.epoch }
        if let end, end < simulator.oldestSample {
            throw DemoSourceError.beforeRetention(
                at: simulator.epoch + end, oldest: simulator.epoch + simulator.oldestSample)
        }
        let sample = simulator.sample(windowSeconds: request.windowSeconds, endingAt: end)
        let traces = simulator.traces.recent(endUnixNano: UInt64(sample.time * 1e9), windowSeconds: request.windowSeconds, limit: traceLimit)
        return RefreshData(sample: sample, traces: traces, time: sample.time)
    }

    /// The traffic of the last `request.spanSeconds`, from the counters the simulator keeps:
    /// each bin's rate summed over every edge, as the live range query sums it. Bins the
    /// simulator holds no counters for (before it started, beyond its hour) are nil.
    public func traffic(_ request: TrafficRequest) throws -> TrafficHistory {
        simulator.advance(to: clock())
        let now = simulator.now
        let step = request.stepSeconds
        let values = (0..<request.bins).map { i -> Double? in
            let end = now - step * Double(request.bins - 1 - i)
            guard end - simulator.oldestSample >= DemoSimulator.scrapeInterval else { return nil }
            return simulator.sample(windowSeconds: step, endingAt: end).edges.reduce(0) { $0 + $1.requestRate }
        }
        return TrafficHistory(firstEnd: simulator.epoch + now - step * Double(request.bins - 1), step: step, values: values)
    }

    /// Exemplars listed per search, slowest first.
    public static let exemplarLimit = 10

    /// Searches the simulated Tempo with `TraceQLQuery`'s subset of TraceQL; a query outside
    /// it fails with an explanation.
    public func searchTraces(_ request: TraceSearchRequest) throws -> TraceSearchResult {
        let query: TraceQLQuery
        do {
            query = try TraceQLQuery(parsing: request.query)
        } catch {
            throw TraceLookupError.badQuery("the demo cannot run this TraceQL (\(error)); it understands a subset: \(TraceQLQuery.subset)")
        }
        let store = simulator.traces
        let from = UInt64(max(0, request.start) * 1e9), to = min(UInt64(max(0, request.end) * 1e9), request.olderThanUnixNano ?? .max)
        let slowest = request.order == .slowest
        var found = store.search(
            query, fromUnixNano: from, toUnixNano: slowest ? UInt64(max(0, request.end) * 1e9) : to,
            limit: slowest ? max(request.limit, TraceSearchOrder.slowestPool) : max(0, request.limit), excluding: request.listed)
        if slowest {
            found = Array(found.sorted { ($0.endUnixNano &- $0.startUnixNano, $0.traceID) > ($1.endUnixNano &- $1.startUnixNano, $1.traceID) }.prefix(max(0, request.limit)))
        }
        let exemplars = request.exemplars.map { TraceExemplar.slowest(store.exemplars($0, fromUnixNano: from, toUnixNano: to), limit: Self.exemplarLimit) } ?? []
        var wanted = Set<TraceID>()
        var traces = found.filter { !request.known.contains($0.traceID) && wanted.insert($0.traceID).inserted }
        for e in exemplars where !request.known.contains(e.traceID) && wanted.insert(e.traceID).inserted {
            if let t = store.trace(id: e.traceID) { traces.append(t) }
        }
        return TraceSearchResult(hits: found.map(TraceSummary.init(summarizing:)), exemplars: exemplars, traces: traces)
    }

    /// A simulated trace by id, while the store still holds it.
    public func fetchTrace(id: TraceID) throws -> Trace {
        guard let t = simulator.traces.trace(id: id) else { throw TraceLookupError.notFound(id, source: "the demo (it keeps the last hour of traces)") }
        return t
    }
}
