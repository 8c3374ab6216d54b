import Foundation
import SonicMapCore

/// The demo as a `MapSource`: a simulator whose time follows a clock.
///
/// Live, simulated time runs with the wall clock from a warm start (so the map has
/// data at once). For `--once`, the clock is fixed and the frame is reproducible.
public final class DemoSource: MapSource {
    public let simulator: DemoSimulator
    private let clock: @Sendable () -> Double
    /// Traces of each kind handed to the model per refresh.
    public var traceLimit = 400

    /// - Parameters:
    ///   - clock: simulated seconds now; called on the poller thread at each refresh.
    public init(options: DemoOptions, epoch: Double = 1_767_225_600, clock: @escaping @Sendable () -> Double) {
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

    public func refresh(_ request: RefreshRequest) throws -> RefreshData {
        simulator.advance(to: clock())
        let sample = simulator.sample(windowSeconds: request.windowSeconds)
        let end = UInt64(sample.time * 1e9)
        let traces = simulator.traces.recent(endUnixNano: end, windowSeconds: request.windowSeconds, limit: traceLimit)
        return RefreshData(sample: sample, traces: traces, time: sample.time)
    }
}
