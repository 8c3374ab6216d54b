import Foundation
import SonicMapCore
import Testing
@testable import SonicMapSources

/// Issue 15 in the demo: a refresh for `RefreshRequest.at` is the simulator's sample of the
/// window ending then, within the hour of counters it keeps, and a clear error before it.
@Suite struct DemoLookBackTests {
    static let epoch = DemoSource.defaultEpoch

    /// A demo whose simulated clock stands at `seconds`.
    static func demo(at seconds: Double) -> DemoSource {
        DemoSource(options: DemoOptions()) { seconds }
    }

    @Test(arguments: [300.0, 602.5, 897.0]) func aLookIsTheSampleOfThatTime(back: Double) throws {
        let source = Self.demo(at: 900)
        let t = Self.epoch + 900 - back
        let data = try source.refresh(RefreshRequest(windowSeconds: 300, at: t))
        let sample = try #require(data.sample)
        #expect(sample.time <= t && sample.time > t - DemoSimulator.scrapeInterval,
                "the last scrape at or before T: \(sample.time) for \(t)")
        #expect(data.time == sample.time)
        #expect(sample.windowSeconds == 300)
        #expect(sample == source.simulator.sample(windowSeconds: 300, endingAt: t - Self.epoch))

        let now = try #require(try source.refresh(RefreshRequest(windowSeconds: 300)).sample)
        #expect(now.time == Self.epoch + 900)
        #expect(now.edges != sample.edges, "the demo's load changes over \(back) s")
    }

    @Test func aTraceListIsOfTheWindowEndingThen() throws {
        let source = Self.demo(at: 900)
        let t = Self.epoch + 600
        let data = try source.refresh(RefreshRequest(windowSeconds: 60, at: t))
        #expect(!data.traces.isEmpty)
        let ends = data.traces.map { Double($0.endUnixNano) / 1e9 }
        #expect(ends.allSatisfy { $0 <= t + 1 && $0 >= t - 60 - 30 }, "traces of the minute before T: \(ends.min() ?? 0)…\(ends.max() ?? 0)")
    }

    @Test func beforeTheOldestSampleItSaysHowFarBackItCanGo() throws {
        let source = Self.demo(at: 300)
        let t = Self.epoch - 90
        #expect(throws: DemoSourceError.beforeRetention(at: t, oldest: Self.epoch)) {
            _ = try source.refresh(RefreshRequest(windowSeconds: 300, at: t))
        }
        let message = String(describing: DemoSourceError.beforeRetention(at: t, oldest: Self.epoch))
        #expect(message.contains(UTCTime.rfc3339(t)) && message.contains(UTCTime.rfc3339(Self.epoch)), "\(message)")
        #expect(message.contains("one hour"))
        // The oldest sample itself is still there.
        let oldest = try source.refresh(RefreshRequest(windowSeconds: 300, at: Self.epoch))
        #expect(oldest.time == Self.epoch)
    }

    @Test func afterAnHourTheOldestSampleMovesOn() throws {
        let source = Self.demo(at: 3700)
        _ = try source.refresh(RefreshRequest(windowSeconds: 300))
        let oldest = source.simulator.oldestSample
        #expect(oldest > 0 && oldest >= 3700 - DemoSimulator.retention - 2 * DemoSimulator.scrapeInterval, "\(oldest)")
        #expect(throws: DemoSourceError.beforeRetention(at: Self.epoch + oldest - 1, oldest: Self.epoch + oldest)) {
            _ = try source.refresh(RefreshRequest(windowSeconds: 300, at: Self.epoch + oldest - 1))
        }
        #expect(try source.refresh(RefreshRequest(windowSeconds: 300, at: Self.epoch + oldest)).time == Self.epoch + oldest)
    }
}
