import Foundation
import SonicMapCore
import Testing
@testable import SonicMapSources

/// Issue 15 in the poller: `setAt(T)` refreshes once for the window ending at T and then
/// polls no more (the past does not change), unless that look failed, which is retried
/// with backoff; `setAt(nil)` goes back to the cadence.
@Suite(.serialized) struct PollerLookBackTests {
    /// A source that records every refresh it is asked for (when, and for which time) and
    /// fails the first `failingLooks` refreshes that look back.
    final class RecordingSource: MapSource {
        struct Call: Equatable {
            var started: Double
            var at: Double?
        }
        private let state: Locked<(recorded: [Call], failuresLeft: Int)>
        init(failingLooks: Int = 0) { state = Locked(([], failingLooks)) }
        var summary: String { "recording" }
        var calls: [Call] { state.withLockedValue { $0.recorded } }

        func refresh(_ request: RefreshRequest) throws -> RefreshData {
            let now = Date().timeIntervalSince1970
            let fail: Bool = state.withLockedValue { s in
                s.recorded.append(Call(started: now, at: request.at))
                guard request.at != nil, s.failuresLeft > 0 else { return false }
                s.failuresLeft -= 1
                return true
            }
            if fail { throw LookFailed() }
            return RefreshData(sample: nil, traces: [], time: request.at ?? now)
        }
    }

    struct LookFailed: Error {}

    static let refresh = 0.2

    /// The calls that started after `t`.
    static func after(_ t: Double, _ source: RecordingSource) -> [RecordingSource.Call] {
        source.calls.filter { $0.started > t }
    }

    /// Waits until the source has been called `count` times in all (at most `limit` seconds).
    static func waitForCalls(_ count: Int, _ source: RecordingSource, limit: Double = 10) {
        let deadline = Date().addingTimeInterval(limit)
        while source.calls.count < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// The outcomes the poller posted, in order.
    static func outcomes(_ poller: Poller) -> [PollOutcome] {
        poller.drain().compactMap { if case .refreshed(let o) = $0 { o } else { nil } }
    }

    @Test func lookingBackRefreshesOnceThenNotUntilLive() {
        let source = RecordingSource()
        let poller = Poller(source: source, settings: .init(windowSeconds: 300, refreshSeconds: Self.refresh), wake: {})
        poller.start()
        defer { poller.stop() }
        Self.waitForCalls(3, source)
        #expect(source.calls.allSatisfy { $0.at == nil }, "live refreshes ask for now")

        let t = Date().timeIntervalSince1970 - 600
        let lookedAt = Date().timeIntervalSince1970
        _ = poller.drain()
        poller.setAt(t)
        Thread.sleep(forTimeInterval: 1.5)
        let looking = Self.after(lookedAt, source)
        // A live refresh that read its settings just before setAt may still start: it comes
        // before the look, and its answer is dropped.
        #expect(looking.filter { $0.at == t }.count == 1, "one refresh for T in 1.5 s of \(Self.refresh) s ticks: \(looking)")
        #expect(looking.last?.at == t, "nothing after the look: \(looking)")
        #expect(looking.filter { $0.at == nil }.count <= 1, "\(looking)")
        let posted = Self.outcomes(poller)
        let times = posted.map { try? $0.result.get().time }
        #expect(times == [t], "only the look's answer is posted: \(times)")

        let backAt = Date().timeIntervalSince1970
        poller.setAt(nil)
        Thread.sleep(forTimeInterval: 1.0)
        let live = Self.after(backAt, source)
        #expect(live.count >= 3, "the cadence resumes: \(live.count) refreshes in 1 s")
        #expect(live.allSatisfy { $0.at == nil }, "\(live)")
    }

    @Test func aFailedLookIsRetriedWithBackoffThenStops() {
        let source = RecordingSource(failingLooks: 2)
        let poller = Poller(source: source, settings: .init(windowSeconds: 300, refreshSeconds: Self.refresh), wake: {})
        poller.start()
        defer { poller.stop() }
        Self.waitForCalls(1, source)
        let t = Date().timeIntervalSince1970 - 3600
        let lookedAt = Date().timeIntervalSince1970
        _ = poller.drain()
        poller.setAt(t)
        // Two failures back off 0.4 s then 0.8 s; the third attempt succeeds at about 1.2 s.
        Thread.sleep(forTimeInterval: 3.0)
        let looks = Self.after(lookedAt, source).filter { $0.at == t }
        #expect(looks.count == 3, "two failures, one success, then nothing: \(looks)")
        #expect(Self.after(lookedAt, source).last?.at == t)
        let gaps = zip(looks, looks.dropFirst()).map { $1.started - $0.started }
        if gaps.count == 2 {
            #expect(gaps[0] >= 2 * Self.refresh * 0.9, "the first retry waits twice the interval: \(gaps)")
            #expect(gaps[1] >= 4 * Self.refresh * 0.9, "the second waits twice as long again: \(gaps)")
        }
        let posted = Self.outcomes(poller)
        let failed = posted.map { if case .failure = $0.result { true } else { false } }
        #expect(failed == [true, true, false], "\(posted.map(\.result))")
        #expect(posted.last.flatMap { try? $0.result.get().time } == t)
        #expect(posted.first.map { $0.nextAttemptIn > Self.refresh } == true, "the failure says it backs off")
    }
}
