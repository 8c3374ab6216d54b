import Testing
@testable import SonicMapCore
@testable import SonicMapSources

@Suite struct DemoSimulatorTests {
    static let deployment = DemoDeployment.supersonic
    static var envoys: Set<String> { Set(deployment.envoys) }
    static var tritons: Set<String> { Set(deployment.tritons.map(\.name)) }

    func run(_ shape: EnvoySpanShape, until t: Double = 60, seed: UInt64 = 1) -> DemoSimulator {
        let sim = DemoSimulator(options: DemoOptions(seed: seed, rate: 400, envoySampling: 0.05, envoySpans: shape))
        sim.advance(to: t)
        return sim
    }

    /// SuperSONIC's collector makes Envoy's ingress a CLIENT span: Envoy → Triton for every
    /// pod, user → Triton for direct requests, and no user → Envoy edge.
    @Test func supersonicShapePairsEnvoyToEveryTritonAndNoUserToEnvoy() {
        let sim = run(.supersonic)
        let keys = Set(sim.counters.edges.keys)
        for e in Self.envoys {
            for t in Self.tritons { #expect(keys.contains(EdgeKey(client: e, server: t)), "missing \(e)→\(t)") }
            #expect(!keys.contains(EdgeKey(client: "user", server: e)))
        }
        #expect(keys.contains { $0.client == "user" && Self.tritons.contains($0.server) })
        let unexpected = keys.filter { !(Self.envoys.contains($0.client) || $0.client == "user") || !Self.tritons.contains($0.server) }
        #expect(unexpected.isEmpty, "unexpected edges \(unexpected)")
        for (key, e) in sim.counters.edges where key.client == "user" { #expect(e.connectionType == .virtualNode) }
        for (key, e) in sim.counters.edges where key.client != "user" { #expect(e.connectionType == .plain) }
    }

    /// Envoy's own shape adds user → Envoy (the root SERVER ingress span).
    @Test func rawShapeAddsUserToEnvoy() {
        let sim = run(.raw)
        let keys = Set(sim.counters.edges.keys)
        for e in Self.envoys {
            #expect(keys.contains(EdgeKey(client: "user", server: e)))
            for t in Self.tritons { #expect(keys.contains(EdgeKey(client: e, server: t))) }
        }
    }

    /// Triton spans whose Envoy parent was not sampled pair into nothing and are orphans.
    @Test func unsampledParentsFormNoEdgeAndAreOrphans() {
        let sim = run(.supersonic, until: 40)
        #expect(!sim.traces.orphans.isEmpty)
        for trace in sim.traces.orphans.prefix(200) {
            #expect(trace.spans.allSatisfy { $0.scope == "triton-server" })
            let result = ServiceGraphPairing.pair([trace])
            #expect(result.edges.isEmpty)
            #expect(result.orphans.count == 1)
            #expect(result.orphans.first?.name == "InferRequest")
        }
        // Span metrics see every Triton-traced request, far more than the sampled edges.
        let calls = sim.counters.inferRequestCalls.values.reduce(0, +)
        let paired = sim.counters.edges.values.map(\.total).reduce(0, +)
        #expect(calls > paired * 5)
    }

    @Test func countersOnlyGrowAndUseTempoBuckets() {
        let sim = run(.supersonic, until: 90)
        #expect(sim.snapshots.count >= 18)
        for (a, b) in zip(sim.snapshots, sim.snapshots.dropFirst()) {
            #expect(b.time > a.time)
            for (key, late) in b.counters.edges {
                let early = a.counters.edges[key] ?? DemoCounters.Edge(connectionType: late.connectionType)
                #expect(late.total >= early.total && late.failed >= early.failed && late.serverSum >= early.serverSum)
                #expect(zip(late.server.cumulative, early.server.cumulative).allSatisfy { $0 >= $1 })
                #expect(late.server.bounds == Histogram.tempoDefaultBounds)
                #expect(late.client.bounds == Histogram.tempoDefaultBounds)
            }
            for (pod, late) in b.counters.inferRequestCalls { #expect(late >= a.counters.inferRequestCalls[pod] ?? 0) }
        }
    }

    @Test func sameSeedSameRunOtherSeedOtherRun() {
        let a = run(.supersonic, until: 30, seed: 7), b = run(.supersonic, until: 30, seed: 7), c = run(.supersonic, until: 30, seed: 8)
        #expect(a.counters == b.counters)
        #expect(a.traces.sampled.map(\.traceID) == b.traces.sampled.map(\.traceID))
        #expect(a.counters != c.counters)
    }

    /// The spans look like the real servers': Envoy scope and string attributes, Triton's
    /// InferRequest → model → compute with the events phases are derived from.
    @Test func spansHaveEnvoyAndTritonShapes() throws {
        let sim = run(.supersonic, until: 30)
        let trace = try #require(sim.traces.sampled.first { t in t.spans.contains { $0.scope == "envoy" } && t.spans.count == 4 })
        let ingress = try #require(trace.spans.first { $0.name == "ingress" })
        #expect(ingress.kind == .client)
        #expect(ingress.attributes["component"] == .string("proxy"))
        #expect(ingress.startUnixNano % 1000 == 0, "Envoy timestamps have microsecond precision")
        let infer = try #require(trace.spans.first { $0.name == "InferRequest" })
        #expect(infer.parentSpanID == ingress.spanID)
        #expect(infer.kind == .server && infer.attributes.isEmpty)
        let model = try #require(trace.spans.first { $0.parentSpanID == infer.spanID })
        #expect(model.attributes["triton.model_name"] == .string(model.name))
        #expect(model.eventTime("QUEUE_START") != nil)
        let compute = try #require(trace.spans.first { $0.parentSpanID == model.spanID })
        #expect(compute.name == "compute")
        for e in ["COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END"] { #expect(compute.eventTime(e) != nil) }
        #expect(trace.resources[infer.resource].serviceName == infer.service)
    }

    /// A sample's rates are counter increases over the window.
    @Test func sampleRatesComeFromCounterIncreases() {
        let sim = run(.supersonic, until: 120)
        let sample = sim.sample(windowSeconds: 60)
        let late = sim.snapshots.last!, early = sim.snapshots.last { $0.time <= late.time - 60 }!
        for e in sample.edges {
            let expected = (late.counters.edges[e.key]!.total - (early.counters.edges[e.key]?.total ?? 0)) / (late.time - early.time)
            #expect(abs(e.requestRate - expected) < 1e-9)
        }
        // The draining pod of the old ReplicaSet gets no traffic once drained (at 90 s).
        let old = "supersonic-triton-6d8f9b7c5-x4q2z"
        #expect(sim.sample(windowSeconds: 25).triton[old] == nil)
        #expect(sim.sample(windowSeconds: 300).triton[old] != nil)
    }

    /// Per-hop phases of simulated requests sum to the root span, and the throttled pod's
    /// time goes to queueing and inference.
    @Test func simulatedPhasesSumToTheRootAndShowTheSlowPod() {
        let sim = run(.raw, until: 120)
        var slowQueue: [UInt64] = [], fastQueue: [UInt64] = []
        for trace in sim.traces.sampled + sim.traces.orphans {
            for r in TraceAnalysis.analyze(trace).requests {
                #expect(r.phases.total == r.rootDurationNanos)
                if trace.spans.contains(where: { $0.name.hasPrefix("router") }) { #expect(r.phases[.proxy] != nil) }
                let direct = trace.spans.contains { $0.name == "InferRequest" && $0.parentSpanID == nil }
                let viaEnvoy = trace.spans.contains { $0.scope == "envoy" }
                #expect(r.orphan == (!viaEnvoy && !direct))
                #expect(r.client == (direct ? "user" : viaEnvoy ? r.client : nil))
                guard let q = r.phases[.queue] else { continue }
                if r.server.hasSuffix("b658d") { slowQueue.append(q) } else { fastQueue.append(q) }
            }
        }
        #expect(!slowQueue.isEmpty && !fastQueue.isEmpty)
        let mean = { (xs: [UInt64]) in Double(xs.reduce(0, +)) / Double(xs.count) }
        #expect(mean(slowQueue) > 2 * mean(fastQueue))
    }
}
