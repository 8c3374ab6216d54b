import Foundation
import SonicMapCore

/// Runs refreshes of a `MapSource` on its own thread and hands the results to the UI
/// thread through a `Mailbox` plus a wake-up call.
///
/// It refreshes on a fixed cadence, start to start: every `refreshSeconds` after the
/// previous refresh *started*, whatever it took. A refresh that runs past the next tick, or
/// a search that holds the thread past it, skips that tick rather than piling refreshes
/// up. After a failure it backs off exponentially up to `maxBackoffSeconds` and recovers
/// by itself. The UI keeps the last good data.
/// Trace searches and fetches asked by the UI run on the same thread, between refreshes,
/// so the source is only ever used from one thread and the UI thread never blocks.
public final class Poller: Sendable {
    public static let maxBackoffSeconds = 60.0

    /// What the UI thread and the poller thread share, under one lock.
    private struct Shared {
        var settings: PollSettings
        /// Searches and fetches waiting for the poller thread, oldest first.
        var jobs: [SourceJob] = []
        var refreshRequested = true
        var stopped = false
        var failures = 0
        var generation = 0

        /// Refreshes come on the cadence: not while paused, nor while looking back once the
        /// look succeeded (the past does not change; a failed look is retried with backoff).
        var polls: Bool { !settings.paused && (settings.at == nil || failures > 0) }

        /// The job to run next, oldest first; the scrub bar's curve waits for a refresh
        /// that is due, as the map matters more.
        mutating func nextJob() -> SourceJob? {
            guard let i = jobs.firstIndex(where: { job in
                if case .traffic = job { return !refreshRequested }
                return true
            }) else { return nil }
            return jobs.remove(at: i)
        }

        /// Seconds until the next attempt: the refresh interval, doubled per consecutive failure.
        var backoff: Double {
            guard failures > 0 else { return settings.refreshSeconds }
            return min(Poller.maxBackoffSeconds, settings.refreshSeconds * pow(2, Double(min(failures, 10))))
        }
    }

    private let source: MapSource
    private let wake: @Sendable () -> Void
    private let shared: Locked<Shared>
    private let mailbox = Mailbox<PollerMessage>()

    /// - Parameter wake: called on the poller thread after a result is posted.
    public init(source: MapSource, settings: PollSettings, wake: @escaping @Sendable () -> Void) {
        self.source = source
        self.shared = Locked(Shared(settings: settings))
        self.wake = wake
    }

    public func start() {
        let t = Thread { [weak self] in self?.loop() }
        t.name = "sonicmap-poller"
        t.start()
    }

    public func stop() {
        shared.withLockedValue { $0.stopped = true }
    }

    /// Everything posted since the last call, oldest first.
    public func drain() -> [PollerMessage] { mailbox.drain() }

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

    /// Fetches the map data of the window ending at `at` to compare with (`:compare`); the
    /// answer is posted as `.baselineFetched`. A baseline still waiting is replaced.
    public func fetchBaseline(at: Double, windowSeconds: Double, id: Int) {
        shared.withLockedValue { s in
            s.jobs.removeAll { if case .baseline = $0 { true } else { false } }
            s.jobs.append(.baseline(RefreshRequest(windowSeconds: windowSeconds, at: at), id: id))
        }
    }

    /// Fetches the traffic of the last hour for the scrub bar; the answer is posted as
    /// `.trafficFetched`. A request still waiting is replaced.
    public func fetchTraffic(_ request: TrafficRequest, id: Int) {
        shared.withLockedValue { s in
            s.jobs.removeAll { if case .traffic = $0 { true } else { false } }
            s.jobs.append(.traffic(request, id: id))
        }
    }

    /// Runs a trace search on the poller thread; its answer is posted as `.tracesFound`.
    /// A search still waiting to start is replaced, since nobody waits for its answer.
    public func search(_ request: TraceSearchRequest, id: Int) {
        shared.withLockedValue { s in
            s.jobs.removeAll { if case .search = $0 { true } else { false } }
            s.jobs.append(.search(request, id: id))
        }
    }

    /// Fetches one trace on the poller thread; the answer is posted as `.traceFetched`.
    public func fetchTrace(_ traceID: TraceID, id: Int) {
        shared.withLockedValue { $0.jobs.append(.fetch(traceID, id: id)) }
    }

    private func update(_ change: (inout PollSettings) -> Void) {
        shared.withLockedValue { s in
            change(&s.settings)
            s.generation += 1
            s.refreshRequested = true
            s.failures = 0
        }
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

    /// What the poller thread does next.
    private enum Step {
        case stop
        /// Nothing to do yet: look again.
        case wait
        /// Runs `job`; a refresh's answer is for the settings of `generation`.
        case run(SourceJob, generation: Int, startedAt: Double)
    }

    private func loop() {
        // When the next refresh is due; a search or fetch in between does not move it.
        var nextRefresh = Date().timeIntervalSince1970
        while true {
            let step = shared.waitForValue(
                until: { $0.stopped || $0.refreshRequested || !$0.jobs.isEmpty },
                deadline: { $0.polls ? Date(timeIntervalSince1970: nextRefresh) : Date().addingTimeInterval(3600) }
            ) { s -> Step in
                if s.stopped { return .stop }
                let startedAt = Date().timeIntervalSince1970
                if let job = s.nextJob() { return .run(job, generation: s.generation, startedAt: startedAt) }
                if !s.refreshRequested && !s.polls { return .wait }
                if !s.refreshRequested && startedAt > nextRefresh + Self.lateness(period: s.settings.refreshSeconds) {
                    // A search held the thread past the tick: wait for the next one.
                    nextRefresh = Self.nextStart(after: nextRefresh, period: s.settings.refreshSeconds, now: startedAt)
                    return .wait
                }
                s.refreshRequested = false
                let request = RefreshRequest(windowSeconds: s.settings.windowSeconds, at: s.settings.at)
                return .run(.refresh(request), generation: s.generation, startedAt: startedAt)
            }
            switch step {
            case .stop:
                return
            case .wait:
                continue
            case .run(let job, let startedGeneration, let startedAt):
                switch source.answer(job) {
                case .tracesFound(let outcome):
                    mailbox.post(.tracesFound(outcome))
                case .traceFetched(let outcome):
                    mailbox.post(.traceFetched(outcome))
                case .baselineFetched(let outcome):
                    mailbox.post(.baselineFetched(outcome))
                case .trafficFetched(let outcome):
                    mailbox.post(.trafficFetched(outcome))
                case .refreshed(let result):
                    let message = shared.withLockedValue { s -> PollerMessage? in
                        if case .success = result { s.failures = 0 } else { s.failures += 1 }
                        nextRefresh = Self.nextStart(after: startedAt, period: s.backoff, now: Date().timeIntervalSince1970)
                        // Results for settings that changed meanwhile are dropped: a new refresh is already due.
                        guard startedGeneration == s.generation else { return nil }
                        return .refreshed(PollOutcome(result: result, finishedAt: Date().timeIntervalSince1970, nextAttemptIn: s.backoff))
                    }
                    if let message { mailbox.post(message) }
                }
                wake()
            }
        }
    }
}
