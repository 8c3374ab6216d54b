import Testing
@testable import SonicMapCore

/// Grouping merges counters and histograms; it never averages averages.
@Suite struct GroupingTests {
    static func sample(seed: UInt64) -> ServiceGraphSample {
        var r = TestRandom(state: seed)
        var edges: [EdgeSample] = []
        let envoys = (0..<3).map { "supersonic-envoy-58b98b5568-\(["9ww7h", "k2x7p", "bbbbb"][$0])" }
        let tritons = (0..<8).map { "supersonic-triton-74c49fcf8-\(["rxzpm", "kqm9p", "b658d", "cvht4", "945cg", "5n2nw", "xxxxx", "zzzzz"][$0])" }
        for e in envoys {
            for t in tritons {
                let counts = (0..<8).map { _ in Double(r.next(50)) }
                var cumulative: [Double] = []
                for c in counts { cumulative.append((cumulative.last ?? 0) + c) }
                cumulative.append(cumulative.last! + Double(r.next(5)))
                let h = Histogram(bounds: Histogram.tempoDefaultBounds, cumulative: cumulative)
                edges.append(EdgeSample(
                    key: EdgeKey(client: e, server: t), requestRate: h.count, failedRate: Double(r.next(3)),
                    serverSecondsSumRate: h.count * 0.3, serverBuckets: h, clientSecondsSumRate: h.count * 0.31, clientBuckets: h))
            }
        }
        return ServiceGraphSample(time: 0, windowSeconds: 300, edges: edges)
    }

    @Test(arguments: [Grouping.deployment, .role])
    func groupingPreservesTotalsAndMergesBuckets(grouping: Grouping) {
        for seed in [1, 2, 3] as [UInt64] {
            let s = Self.sample(seed: seed)
            let pods = ServiceMapBuilder.build(sample: s, traces: [], options: .init(grouping: .pod, showModels: false), now: 0, windowSeconds: 300)
            let grouped = ServiceMapBuilder.build(sample: s, traces: [], options: .init(grouping: grouping, showModels: false), now: 0, windowSeconds: 300)
            let total = { (m: ServiceMap) in m.edges.map(\.traffic.rate).reduce(0, +) }
            let failed = { (m: ServiceMap) in m.edges.map(\.traffic.failedRate).reduce(0, +) }
            #expect(abs(total(pods) - total(grouped)) < 1e-9)
            #expect(abs(failed(pods) - failed(grouped)) < 1e-9)
            #expect(grouped.edges.count == 1)
            // The merged p95 is the p95 of the summed buckets, not an average of p95s.
            let summed = s.edges.compactMap(\.serverBuckets).reduce(Histogram(bounds: Histogram.tempoDefaultBounds), +)
            #expect(grouped.edges[0].traffic.latency.p95 == summed.quantile(0.95))
            // Node incoming totals are preserved too.
            let triton = grouped.nodes.first { $0.role == .triton || $0.id.contains("triton") }!
            #expect(abs(triton.incoming.rate - total(pods)) < 1e-9)
            #expect(triton.members.count == 8)
        }
    }

    @Test func deploymentStripsReplicaSetHashAndSuffix() {
        #expect(PodName("supersonic-triton-74c49fcf8-rxzpm").deployment == "supersonic-triton")
        #expect(PodName("supersonic-envoy-58b98b5568-9ww7h").deployment == "supersonic-envoy")
        #expect(PodName("supersonic-triton-74c49fcf8-rxzpm").short == "triton-rxzpm")
        #expect(PodName("user").deployment == "user")
        #expect(PodName("my-service").deployment == "my-service")
    }
}
