import Foundation
import SonicMapCore

/// A deterministic simulation of a SuperSONIC deployment under load.
///
/// Requests arrive at Envoy at a rate that rises and falls, with bursts. Envoy spreads
/// them over the Triton pods; each pod queues when load exceeds what its GPU serves.
/// The simulator produces what the real servers would: spans in the Envoy and Triton
/// shapes (only for traced requests), Tempo's service-graph counters built from those
/// spans by `ServiceGraphPairing`, span-metrics counters that see every request Triton
/// traced, and Triton's and Envoy's own counters for every request.
public final class DemoSimulator {
    public let options: DemoOptions
    public let deployment: DemoDeployment
    /// Unix seconds at simulated time 0.
    public let epoch: Double
    /// Simulated seconds so far.
    public private(set) var now: Double = 0
    public private(set) var counters = DemoCounters()
    /// Counters every `scrapeInterval` seconds, oldest first, bounded by `retention`.
    public private(set) var snapshots: [(time: Double, counters: DemoCounters)] = []
    /// Traces Tempo would hold: sampled ones and recent orphans, newest last.
    public private(set) var traces: DemoTraceStore

    public static let scrapeInterval = 5.0
    /// Longest window a refresh may ask for, seconds.
    public static let retention = 3600.0
    private let tick = 0.1
    /// Orphan traces are materialised only this close to the end of an `advance`.
    private let orphanHorizon = 30.0

    private var rng: SeededRandom
    private var arrivalCarry = 0.0
    private var backlog: [Double]
    private var roundRobin = 0
    private var tritonTraceCounter: [Int64]
    private let bursts: [(start: Double, length: Double, factor: Double)]
    /// Each Triton host's clock offset from Envoy's, nanoseconds.
    private let clockOffsetNs: [Int64]

    /// - Parameter traceStore: how many traces to keep (the benchmark keeps more).
    public init(options: DemoOptions, deployment: DemoDeployment = .supersonic, epoch: Double = 1_767_225_600, traceStore: DemoTraceStore = DemoTraceStore()) {
        traces = traceStore
        self.options = options
        self.deployment = deployment
        self.epoch = epoch
        rng = SeededRandom(seed: options.seed)
        backlog = Array(repeating: 0, count: deployment.tritons.count)
        tritonTraceCounter = Array(repeating: 0, count: deployment.tritons.count)
        var schedule = SeededRandom(seed: options.seed ^ 0xB0B5)
        var b: [(Double, Double, Double)] = []
        var t = 25.0 + schedule.unit() * 20
        while t < 86_400 {
            b.append((t, 6 + schedule.unit() * 8, 1.5 + schedule.unit() * 0.6))
            t += 50 + schedule.unit() * 40
        }
        bursts = b
        clockOffsetNs = deployment.tritons.indices.map { i in
            Int64((schedule.normal() * 0.15 + (i == 4 ? -0.9 : 0)) * 1_000_000)
        }
        snapshots = [(0, counters)]
    }

    /// True requests per second arriving at Envoy at simulated time `t`.
    public func offeredRate(at t: Double) -> Double {
        var r = options.rate * (1 + 0.25 * sin(2 * .pi * t / 240))
        for burst in bursts where burst.start > t - 60 {
            if burst.start > t { break }
            if t < burst.start + burst.length { r *= burst.factor }
        }
        return r
    }

    /// Runs the simulation up to simulated time `t` (seconds).
    public func advance(to t: Double) {
        while now + tick <= t + 1e-9 {
            step(materializeOrphans: now >= t - orphanHorizon)
            now += tick
            let scrape = (now / DemoSimulator.scrapeInterval).rounded()
            if abs(now - scrape * DemoSimulator.scrapeInterval) < tick / 2 {
                snapshots.append((scrape * DemoSimulator.scrapeInterval, counters))
                let keep = Int(DemoSimulator.retention / DemoSimulator.scrapeInterval) + 2
                if snapshots.count > keep { snapshots.removeFirst(snapshots.count - keep) }
            }
        }
    }

    private func trafficWeight(_ pod: DemoDeployment.TritonPod, at t: Double) -> Double {
        guard let end = pod.drainsBy else { return 1 }
        return max(0, 1 - t / end)
    }

    private func serviceSeconds(pod i: Int) -> Double {
        deployment.models.map { $0.share * ($0.inputMs + $0.inferMs * deployment.tritons[i].gpuSlowdown + $0.outputMs) }
            .reduce(0, +) / 1000
    }

    private func step(materializeOrphans: Bool) {
        let arrivals = offeredRate(at: now) * tick + arrivalCarry
        let n = Int(arrivals)
        arrivalCarry = arrivals - Double(n)
        let weights = deployment.tritons.map { trafficWeight($0, at: now) }
        let inService = weights.indices.filter { weights[$0] > 0 }

        var perPod = Array(repeating: 0.0, count: weights.count)
        var requests: [(pod: Int, envoy: Int?, offset: Double)] = []
        requests.reserveCapacity(n)
        // Above Envoy's local rate limit, the excess is answered 429 by Envoy itself.
        let offered = offeredRate(at: now)
        let limitedShare = deployment.envoyRateLimit.map { offered > $0 ? 1 - $0 / offered : 0 } ?? 0
        for _ in 0..<n {
            let direct = rng.chance(deployment.directFraction)
            if !direct, limitedShare > 0, rng.chance(limitedShare) {
                rejectAtEnvoy(nextEnvoy())
                continue
            }
            let pod = direct ? inService[Int(rng.unit() * Double(inService.count))] : rng.pick(weights: weights)
            let envoy: Int? = direct ? nil : nextEnvoy()
            perPod[pod] += 1
            requests.append((pod, envoy, rng.unit() * tick))
        }
        // Queues: fluid backlog plus an M/M/1 wait for the momentary load.
        var waitMean = Array(repeating: 0.0, count: weights.count)
        for i in weights.indices {
            let service = serviceSeconds(pod: i)
            let capacity = tick / service
            backlog[i] = max(0, backlog[i] + perPod[i] - capacity)
            let rho = min(0.97, perPod[i] / tick * service)
            waitMean[i] = backlog[i] * service + rho / (1 - rho) * service
        }
        for r in requests {
            simulateRequest(pod: r.pod, envoy: r.envoy, at: now + r.offset, waitMean: waitMean[r.pod], materializeOrphans: materializeOrphans)
        }
    }

    /// A request Envoy's rate limiter answers with 429: Envoy's counters see it, Triton never does.
    private func rejectAtEnvoy(_ envoy: Int) {
        let name = deployment.envoys[envoy]
        var e = counters.envoy[name] ?? DemoCounters.Envoy()
        let ms = rng.logNormal(median: 0.15, sigma: 0.3)
        e.count += 1
        e.sumMs += ms
        e.time.observe(ms)
        e.classes["4", default: 0] += 1
        counters.envoy[name] = e
    }

    private func nextEnvoy() -> Int {
        roundRobin = (roundRobin + 1) % deployment.envoys.count
        return roundRobin
    }

    private func simulateRequest(pod: Int, envoy: Int?, at t: Double, waitMean: Double, materializeOrphans: Bool) {
        let model = deployment.models[rng.pick(weights: deployment.models.map(\.share))]
        let slow = deployment.tritons[pod].gpuSlowdown
        let overloaded = backlog[pod] > deployment.maxQueue
        let rejected = rng.chance(overloaded ? 0.5 : deployment.baseErrorRate)
        let timing = RequestTiming(
            viaEnvoy: envoy != nil, rejected: rejected,
            envoyInMs: rng.logNormal(median: 0.12, sigma: 0.3), networkOutMs: rng.logNormal(median: 0.18, sigma: 0.4),
            receiveMs: rng.logNormal(median: 0.25, sigma: 0.3),
            queueMs: rejected ? 0 : rng.exponential(mean: waitMean * 1000),
            inputMs: rng.logNormal(median: model.inputMs, sigma: 0.25),
            inferMs: rng.logNormal(median: model.inferMs * slow, sigma: 0.2),
            outputMs: rng.logNormal(median: model.outputMs, sigma: 0.25),
            respondMs: rng.logNormal(median: 0.15, sigma: 0.3), networkBackMs: rng.logNormal(median: 0.18, sigma: 0.4),
            envoyOutMs: rng.logNormal(median: 0.08, sigma: 0.3))

        // Triton's and Envoy's own metrics see every request.
        let podName = deployment.tritons[pod].name
        if rejected {
            counters.triton[podName, default: DemoCounters.Triton()].models[model.name, default: DemoCounters.Model()].failure += 1
        } else {
            var tc = counters.triton[podName] ?? DemoCounters.Triton()
            var m = tc.models[model.name] ?? DemoCounters.Model()
            m.success += 1
            m.count += 1
            m.queueUs += timing.queueMs * 1000
            m.inputUs += timing.inputMs * 1000
            m.inferUs += timing.inferMs * 1000
            m.outputUs += timing.outputMs * 1000
            tc.models[model.name] = m
            tc.gpuBusySeconds += (timing.inputMs + timing.inferMs + timing.outputMs) / 1000
            counters.triton[podName] = tc
        }
        if let envoy {
            // gRPC errors travel in trailers: Envoy's HTTP status is 200 either way.
            let name = deployment.envoys[envoy]
            var e = counters.envoy[name] ?? DemoCounters.Envoy()
            e.count += 1
            e.sumMs += timing.totalMs
            e.time.observe(timing.totalMs)
            e.classes["2", default: 0] += 1
            e.upstream += 1
            counters.envoy[name] = e
        }

        // Tracing: Envoy samples; Triton traces every request that carries a traceparent,
        // and samples the others at its own rate.
        let sampled = rng.chance(options.envoySampling)
        let tritonTraces = envoy != nil || sampled
        guard tritonTraces else { return }
        counters.inferRequestCalls[podName, default: 0] += 1
        counters.inferRequestLatency[podName, default: Histogram(bounds: DemoCounters.spanMetricsDefaultBounds)].observe(timing.inferRequestMs / 1000)
        var modelCalls = counters.spanCalls[SpanKey(service: podName, spanName: model.name)] ?? DemoCounters.Calls()
        modelCalls.calls += 1
        if rejected {
            counters.inferRequestErrors[podName, default: 0] += 1
            modelCalls.errors += 1
        }
        counters.spanCalls[SpanKey(service: podName, spanName: model.name)] = modelCalls
        guard sampled || materializeOrphans else { return }

        tritonTraceCounter[pod] += 1
        let builder = DemoTraceBuilder(
            deployment: deployment, shape: options.envoySpans, epoch: epoch, clockOffsetNs: clockOffsetNs[pod],
            tritonTraceNumber: tritonTraceCounter[pod])
        let trace = builder.build(
            rng: &rng, start: t, envoy: envoy, exportEnvoy: sampled, pod: pod, model: model.name, timing: timing)
        if sampled {
            var result = PairingResult()
            ServiceGraphPairing.pair(trace, into: &result)
            for edge in result.edges { counters.record(edge) }
            traces.addSampled(trace)
        } else {
            traces.addOrphan(trace)
        }
    }

    /// Simulated seconds of the oldest counters kept: `sample(endingAt:)` can look back to here.
    public var oldestSample: Double { snapshots.first?.time ?? 0 }

    /// Rates over `window` seconds ending now, or at simulated second `end` (looking back,
    /// within `retention`), as the Prometheus queries would return them.
    public func sample(windowSeconds window: Double, endingAt end: Double? = nil) -> ServiceGraphSample {
        let lateIndex = snapshots.lastIndex(where: { $0.time <= min(end ?? now, now) + 1e-9 })
        let late = lateIndex.map { snapshots[$0] } ?? (time: 0, counters: DemoCounters())
        let early = snapshots.last(where: { $0.time <= late.time - window + 1e-9 }) ?? snapshots[0]
        let span = max(DemoSimulator.scrapeInterval, late.time - early.time)
        let perSecond = 1 / span
        let a = early.counters, b = late.counters

        var edges: [EdgeSample] = []
        for key in b.edges.keys.sorted() {
            let e = b.edges[key]!
            let o = a.edges[key] ?? DemoCounters.Edge(connectionType: e.connectionType)
            let total = (e.total - o.total) * perSecond
            guard total > 0 else { continue }
            // Tempo writes native histograms beside the classic ones; the queries prefer them.
            edges.append(EdgeSample(
                key: key, connectionType: e.connectionType, requestRate: total, failedRate: (e.failed - o.failed) * perSecond,
                serverSecondsSumRate: (e.serverSum - o.serverSum) * perSecond,
                serverBuckets: e.nativeServer.rate(since: o.nativeServer, perSecond: perSecond),
                clientSecondsSumRate: (e.clientSum - o.clientSum) * perSecond,
                clientBuckets: e.nativeClient.rate(since: o.nativeClient, perSecond: perSecond), latencySource: .native))
        }

        var triton: [String: TritonPodMetrics] = [:]
        // GPU utilisation is a gauge: busy time over the last scrape interval.
        let previous = lateIndex.flatMap { $0 >= 1 ? snapshots[$0 - 1].counters : nil } ?? DemoCounters()
        for (pod, t) in b.triton {
            let o = a.triton[pod] ?? DemoCounters.Triton()
            var models: [String: TritonModelMetrics] = [:]
            var count = 0.0, queue = 0.0, input = 0.0, infer = 0.0, output = 0.0, success = 0.0, failure = 0.0
            // In name order: the sums below must not depend on the dictionary's per-process
            // hash order, or the same seed would export different last digits.
            for (name, m) in t.models.sorted(by: { $0.key < $1.key }) {
                let om = o.models[name] ?? DemoCounters.Model()
                let c = m.count - om.count
                success += m.success - om.success
                failure += m.failure - om.failure
                guard c > 0 else { continue }
                count += c
                queue += m.queueUs - om.queueUs
                input += m.inputUs - om.inputUs
                infer += m.inferUs - om.inferUs
                output += m.outputUs - om.outputUs
                models[name] = TritonModelMetrics(
                    inferencesPerSecond: c * perSecond, queueMs: (m.queueUs - om.queueUs) / c / 1000,
                    computeMs: (m.inputUs - om.inputUs + m.inferUs - om.inferUs + m.outputUs - om.outputUs) / c / 1000,
                    requestsPerSecond: (m.success - om.success + m.failure - om.failure) * perSecond,
                    failuresPerSecond: (m.failure - om.failure) * perSecond)
            }
            guard count > 0 else { continue }
            let busy = t.gpuBusySeconds - (previous.triton[pod]?.gpuBusySeconds ?? 0)
            triton[pod] = TritonPodMetrics(
                inferencesPerSecond: count * perSecond, executionsPerSecond: count * perSecond,
                queueMs: queue / count / 1000, inputMs: input / count / 1000, inferMs: infer / count / 1000,
                outputMs: output / count / 1000, gpuUtilization: min(1, busy / DemoSimulator.scrapeInterval),
                gpuMemoryRatio: 0.18 + 0.02 * Double(models.count), models: models,
                requestsPerSecond: (success + failure) * perSecond, failuresPerSecond: failure * perSecond)
        }
        var envoy: [String: EnvoyPodMetrics] = [:]
        for (pod, e) in b.envoy {
            let o = a.envoy[pod] ?? DemoCounters.Envoy()
            let c = e.count - o.count
            guard c > 0 else { continue }
            let time = e.time.subtracting(o.time).scaled(by: perSecond)
            envoy[pod] = EnvoyPodMetrics(
                downstreamRequestsPerSecond: c * perSecond, downstreamRequestMs: (e.sumMs - o.sumMs) / c,
                downstreamTime: Histogram(bounds: time.bounds.map { $0 / 1000 }, cumulative: time.cumulative),
                responseClasses: e.classes.mapValues { $0 * perSecond }.merging(o.classes.mapValues { -$0 * perSecond }, uniquingKeysWith: +),
                upstreamRequestsPerSecond: (e.upstream - o.upstream) * perSecond)
        }
        var calls: [String: SpanCallRates] = [:]
        var latency: [String: SourcedHistogram] = [:]
        for (pod, c) in b.inferRequestCalls {
            let r = (c - (a.inferRequestCalls[pod] ?? 0)) * perSecond
            let errors = ((b.inferRequestErrors[pod] ?? 0) - (a.inferRequestErrors[pod] ?? 0)) * perSecond
            if r > 0 { calls[pod] = SpanCallRates(callsPerSecond: r, errorsPerSecond: errors) }
            if r > 0, let h = b.inferRequestLatency[pod] {
                let earlier = a.inferRequestLatency[pod] ?? Histogram(bounds: h.bounds)
                latency[pod] = SourcedHistogram(histogram: h.subtracting(earlier).scaled(by: perSecond), source: .classic)
            }
        }
        var spanCalls: [SpanKey: SpanCallRates] = [:]
        for (k, c) in b.spanCalls {
            let old = a.spanCalls[k] ?? DemoCounters.Calls()
            let r = (c.calls - old.calls) * perSecond
            if r > 0 { spanCalls[k] = SpanCallRates(callsPerSecond: r, errorsPerSecond: (c.errors - old.errors) * perSecond) }
        }
        return ServiceGraphSample(
            time: epoch + late.time, windowSeconds: window, edges: edges, triton: triton, envoy: envoy, inferRequestCalls: calls,
            spanCalls: spanCalls, inferRequestLatency: latency)
    }
}
