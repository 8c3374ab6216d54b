import SonicMapCore
import SonicMapSources
import SonicMapUI

/// The map engine on fixed inputs: graph building, layout and rendering.
enum MapBenchmarks {
    /// A SuperSONIC-shaped sample with `nodes` nodes: a few Envoys fanning out to Tritons.
    static func sample(nodes: Int) -> ServiceGraphSample {
        let envoys = max(1, nodes / 30)
        let tritons = max(1, nodes - envoys - 1)
        var edges: [EdgeSample] = []
        let buckets = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: [80, 90, 95, 98, 99, 100, 100, 100, 100])
        for e in 0..<envoys {
            for t in 0..<tritons {
                edges.append(EdgeSample(
                    key: EdgeKey(client: "supersonic-envoy-58b98b5568-e\(e)", server: "supersonic-triton-74c49fcf8-t\(t)"),
                    requestRate: 1 + Double((e * 7 + t) % 13), failedRate: 0.01, serverSecondsSumRate: 0.05,
                    serverBuckets: buckets, clientSecondsSumRate: 0.06, clientBuckets: buckets))
            }
        }
        for t in stride(from: 0, to: tritons, by: 3) {
            edges.append(EdgeSample(key: EdgeKey(client: "user", server: "supersonic-triton-74c49fcf8-t\(t)"), connectionType: .virtualNode, requestRate: 0.1))
        }
        return ServiceGraphSample(time: 1_767_225_600, windowSeconds: 300, edges: edges)
    }

    static func state(nodes: Int, width: Int, height: Int) -> AppState {
        var s = AppState(settings: Settings(frozenClock: true), sourceSummary: "bench")
        _ = s.update(.resize(width: width, height: height))
        let data = RefreshData(sample: sample(nodes: nodes), traces: [], time: 1_767_225_600)
        _ = s.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
        return s
    }

    static func traces(count: Int) -> [Trace] {
        let sim = DemoSimulator(options: DemoOptions(seed: 1, rate: 400, envoySampling: 1), traceStore: DemoTraceStore(sampledCapacity: count))
        sim.advance(to: Double(count) / 400 + 1)
        return Array(sim.traces.sampled.suffix(count))
    }

    /// Layout, and frames of the map and the table, at 60, 200 and 1000 nodes.
    static func frames() -> [Measurement] {
        var out: [Measurement] = []
        for n in [60, 200, 1000] {
            let topology = ServiceMapBuilder.build(sample: sample(nodes: n), traces: [], now: 0, windowSeconds: 300).topology
            out.append(Measurement.run("layout, \(n) nodes") { _ = LayeredLayout.layout(topology) })
            let area = ScreenLayout(width: 200, height: 60).map
            out.append(Measurement.run("layout fitted to 200×60, \(n) nodes") { _ = MapFitter.fit(topology, into: area) })
            let s = state(nodes: n, width: 200, height: 60)
            out.append(Measurement.run("map frame render 200×60, \(n) nodes", runs: 20) { _ = s.render() })
            var table = s
            table.mode = .table
            out.append(Measurement.run("table frame render 200×60, \(n) nodes", runs: 20) { _ = table.render() })
            var keyed = s
            out.append(Measurement.run("keypress (Tab) to frame, \(n) nodes", runs: 20) {
                _ = keyed.update(.key(.tab))
                _ = keyed.render()
            })
        }
        return out
    }

    /// The map from traces alone, and per-hop phases, on the demo's traces.
    static func graph() -> [Measurement] {
        var out: [Measurement] = []
        let ts = traces(count: 10_000)
        let spans = ts.map(\.spans.count).reduce(0, +)
        out.append(Measurement.run("graph from 10,000 traces (\(spans) spans)", units: Double(spans), unit: "spans") {
            _ = ServiceMapBuilder.build(sample: nil, traces: ts, now: 0, windowSeconds: 300)
        })
        out.append(Measurement.run("per-hop phases, 10,000 requests", units: 10_000, unit: "req") {
            _ = PhaseStats(ts.flatMap { TraceAnalysis.analyze($0).requests })
        })
        return out
    }
}
