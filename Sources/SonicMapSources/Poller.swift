import Foundation
import SonicMapCore

/// Runs refreshes of a `MapSource` on its own thread and hands the results to the UI
/// thread through a locked mailbox plus a wake-up call.
///
/// It refreshes on a fixed cadence, start to start: every `refreshSeconds` after the
/// previous refresh *started*, whatever it took. A refresh that runs past the next tick, or
/// a search that holds the thread past it, skips that tick rather than piling refreshes
/// up. After a failure it backs off exponentially up to `maxBackoffSeconds` and recovers
/// by itself. The UI keeps the last good data.
/// Trace searches and fetches asked by the UI run on the same thread, between refreshes,
/// so the source is only ever used from one thread and the UI thread never blocks.
public final class Poller: @unchecked Sendable {
    public struct Settings: Equatable, Sendable {
        public var windowSeconds: Double
        public var refreshSeconds: Double
        public var paused: Bool
        /// The time looked at (Unix seconds), nil for now: see `RefreshRequest.at`.
        public var at: Double?

        public init(windowSeconds: Double, refreshSeconds: Double, paused: Bool = false, at: Double? = nil) {
            self.windowSeconds = windowSeconds
            self.refreshSeconds = refreshSeconds
            self.paused = paused
            self.at = at
        }
    }

    public static let maxBackoffSeconds = 60.0

    private let source: MapSource
    private let wake: @Sendable () -> Void
    private let condition = NSCondition()
    private var settings: Settings
    private var mailbox: [PollerMessage] = []
    /// Searches and fetches waiting for the poller thread, oldest first.
    private var jobs: [Job] = []
    private var refreshRequested = true
    private var stopped = false
    private var failures = 0
    private var generation = 0
    private var thread: Thread?

    /// - Parameter wake: called on the poller thread after a result is posted.
    public init(source: MapSource, settings: Settings, wake: @escaping @Sendable () -> Void) {
        self.source = source
        self.settings = settings
        self.wake = wake
    }

    public func start() {
        let t = Thread { [weak self] in self?.loop() }
        t.name = "sonicmap-poller"
        thread = t
        t.start()
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// Work the UI asked for besides refreshes.
    private enum Job {
        case search(id: Int, TraceSearchRequest)
        case fetch(id: Int, TraceID)
        case baseline(id: Int, RefreshRequest)
    }

    /// Everything posted since the last call, oldest first.
    public func drain() -> [PollerMessage] {
        condition.lock()
        defer { condition.unlock() }
        let out = mailbox
        mailbox.removeAll()
        return out
    }

    public func refreshNow() { update { _ in } }

    /// Changes the window; work for the old window is cancelled.
    public func setWindow(_ seconds: Double) {
        update { $0.windowSeconds = seconds }
        source.cancelInFlight()
    }

    public func setRefresh(_ seconds: Double) { update { $0.refreshSeconds = seconds } }

    public func setPaused(_ paused: Bool) { update { $0.paused = paused } }

    /// Looks at the window ending at `at` (Unix seconds): one refresh, then no polling, as
    /// the past does not change. Nil goes back to now and to the cadence.
    public func setAt(_ at: Double?) {
        update { $0.at = at }
        source.cancelInFlight()
    }

    /// Runs a trace search on the poller thread; its answer is posted as `.tracesFound`.
    /// A search still waiting to start is replaced, since nobody waits for its answer.
    public func search(_ request: TraceSearchRequest, id: Int) {
        enqueue { jobs in
            jobs.removeAll { if case .search = $0 { true } else { false } }
            jobs.append(.search(id: id, request))
        }
    }

    /// Fetches one trace on the poller thread; the answer is posted as `.traceFetched`.
    public func fetchTrace(_ traceID: TraceID, id: Int) {
        enqueue { $0.append(.fetch(id: id, traceID)) }
    }

    /// Fetches the map data of the window ending at `at` to compare with (`:compare`); the
    /// answer is posted as `.baselineFetched`. A baseline still waiting is replaced.
    public func fetchBaseline(at: Double, windowSeconds: Double, id: Int) {
        enqueue { jobs in
            jobs.removeAll { if case .baseline = $0 { true } else { false } }
            jobs.append(.baseline(id: id, RefreshRequest(windowSeconds: windowSeconds, at: at)))
        }
    }

    private func enqueue(_ change: (inout [Job]) -> Void) {
        condition.lock()
        change(&jobs)
        condition.signal()
        condition.unlock()
    }

    private func run(_ job: Job) -> PollerMessage {
        switch job {
        case .search(let id, let request):
            do {
                return .tracesFound(TraceSearchOutcome(id: id, request: request, result: try source.searchTraces(request), error: nil))
            } catch {
                return .tracesFound(TraceSearchOutcome(id: id, request: request, result: nil, error: String(describing: error)))
            }
        case .fetch(let id, let traceID):
            do {
                return .traceFetched(TraceFetchOutcome(id: id, traceID: traceID, trace: try source.fetchTrace(id: traceID), error: nil))
            } catch {
                return .traceFetched(TraceFetchOutcome(id: id, traceID: traceID, trace: nil, error: String(describing: error)))
            }
        case .baseline(let id, let request):
            do {
                return .baselineFetched(BaselineOutcome(id: id, at: request.at ?? 0, data: try source.refresh(request), error: nil))
            } catch {
                return .baselineFetched(BaselineOutcome(id: id, at: request.at ?? 0, data: nil, error: String(describing: error)))
            }
        }
    }

    private func update(_ change: (inout Settings) -> Void) {
        condition.lock()
        change(&settings)
        generation += 1
        refreshRequested = true
        failures = 0
        condition.signal()
        condition.unlock()
    }

    /// How late a tick may start before it is skipped for the next one.
    static func lateness(period: Double) -> Double { min(0.5, period / 10) }

    /// The first tick of a cadence of `period` seconds started at `started` that is not
    /// before `now`, one period on at least: a refresh that ran long skips ticks.
    public static func nextStart(after started: Double, period: Double, now: Double) -> Double {
        guard period > 0 else { return now }
        let ticks = max(1, ((now - started) / period).rounded(.up))
        return started + ticks * period
    }

    private func loop() {
        // When the next refresh is due; a search or fetch in between does not move it.
        var nextRefresh = Date().timeIntervalSince1970
        while true {
            condition.lock()
            while !stopped && !refreshRequested && jobs.isEmpty {
                let deadline = polling ? Date(timeIntervalSince1970: nextRefresh) : Date().addingTimeInterval(3600)
                if !condition.wait(until: deadline) { break }
            }
            if stopped {
                condition.unlock()
                return
            }
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                let message = run(job)
                condition.lock()
                mailbox.append(message)
                condition.unlock()
                wake()
                continue
            }
            let startedAt = Date().timeIntervalSince1970
            if !refreshRequested && !polling {
                condition.unlock()
                continue
            }
            if !refreshRequested && startedAt > nextRefresh + Self.lateness(period: settings.refreshSeconds) {
                // A search held the thread past the tick: wait for the next one.
                nextRefresh = Self.nextStart(after: nextRefresh, period: settings.refreshSeconds, now: startedAt)
                condition.unlock()
                continue
            }
            refreshRequested = false
            let current = settings
            let startedGeneration = generation
            condition.unlock()

            let result: PollOutcome
            do {
                let data = try source.refresh(RefreshRequest(windowSeconds: current.windowSeconds, at: current.at))
                result = PollOutcome(data: data, error: nil, finishedAt: Date().timeIntervalSince1970, nextAttemptIn: current.refreshSeconds)
                condition.lock()
                failures = 0
            } catch {
                condition.lock()
                failures += 1
                result = PollOutcome(data: nil, error: String(describing: error), finishedAt: Date().timeIntervalSince1970, nextAttemptIn: backoff())
            }
            // Results for settings that changed meanwhile are dropped: a new refresh is already due.
            if startedGeneration == generation { mailbox.append(.refreshed(result)) }
            nextRefresh = Self.nextStart(after: startedAt, period: backoff(), now: Date().timeIntervalSince1970)
            condition.unlock()
            wake()
        }
    }

    /// Refreshes come on the cadence: not while paused, nor while looking back once the
    /// look succeeded (the past does not change; a failed look is retried with backoff).
    private var polling: Bool { !settings.paused && (settings.at == nil || failures > 0) }

    /// Seconds until the next attempt: the refresh interval, doubled per consecutive failure.
    private func backoff() -> Double {
        guard failures > 0 else { return settings.refreshSeconds }
        return min(Poller.maxBackoffSeconds, settings.refreshSeconds * pow(2, Double(min(failures, 10))))
    }
}
