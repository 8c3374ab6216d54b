import Testing
@testable import SonicMapCore

/// Collapsing and expanding groups on top of the grouping: merged nodes sum counters and
/// buckets like any grouping, and expanding undoes collapsing exactly.
@Suite struct GroupFoldsTests {
    let sample = GroupingTests.sample(seed: 7)

    func build(_ grouping: Grouping = .pod, _ folds: GroupFolds = GroupFolds()) -> ServiceMap {
        ServiceMapBuilder.build(
            sample: sample, traces: [], options: .init(grouping: grouping, showModels: false, folds: folds), now: 0, windowSeconds: 300)
    }

    func total(_ m: ServiceMap) -> (rate: Double, failed: Double) {
        (m.edges.map(\.traffic.rate).reduce(0, +), m.edges.map(\.traffic.failedRate).reduce(0, +))
    }

    @Test func collapsingAPodFoldsItsDeploymentAndKeepsTotals() {
        let pods = build()
        let pod = pods.nodes.first { $0.id.contains("triton") }!
        var folds = GroupFolds()
        let changed1 = folds.collapse(pod, grouping: .pod)
        #expect(changed1)
        let folded = build(.pod, folds)

        let group = folded.node("supersonic-triton")!
        #expect(group.level == .deployment)
        #expect(group.members.count == 8)
        #expect(GroupFolds.isCollapsed(group, under: .pod))
        // The Envoys are still pods, each with one edge into the group.
        #expect(folded.nodes.filter { $0.role == .envoy }.count == 3)
        #expect(folded.nodes.filter { $0.role == .envoy }.allSatisfy { $0.level == .pod && !GroupFolds.isCollapsed($0, under: .pod) })
        #expect(folded.edges.count == 3)
        #expect(folded.edges.allSatisfy { $0.key.server == "supersonic-triton" })

        // Totals preserved; the merged node's quantiles come from its summed buckets.
        #expect(abs(total(pods).rate - total(folded).rate) < 1e-9)
        #expect(abs(total(pods).failed - total(folded).failed) < 1e-9)
        #expect(abs(group.incoming.rate - total(pods).rate) < 1e-9)
        let summed = sample.edges.compactMap(\.serverBuckets).reduce(Histogram(bounds: Histogram.tempoDefaultBounds), +)
        #expect(group.incoming.latency.p95 == summed.quantile(0.95))
        // One Envoy's edge into the group sums that Envoy's eight edges.
        let envoy = folded.edges[0].key.client
        let bucketsFromEnvoy = sample.edges.filter { $0.key.client == envoy }.compactMap(\.serverBuckets)
            .reduce(Histogram(bounds: Histogram.tempoDefaultBounds), +)
        #expect(folded.edges[0].traffic.latency.p99 == bucketsFromEnvoy.quantile(0.99))
    }

    @Test func expandingUndoesCollapsingExactly() {
        let pods = build()
        let pod = pods.nodes.first { $0.id.contains("triton") }!
        var folds = GroupFolds()
        let changed2 = folds.collapse(pod, grouping: .pod)
        #expect(changed2)
        let group = build(.pod, folds).node("supersonic-triton")!
        let changed3 = folds.expand(group, grouping: .pod)
        #expect(changed3)
        #expect(folds.isEmpty)
        #expect(build(.pod, folds) == pods)
    }

    @Test func aCollapsedDeploymentCollapsesIntoItsRoleAndBack() {
        var folds = GroupFolds()
        let pod = build().nodes.first { $0.id.contains("triton") }!
        let changed4 = folds.collapse(pod, grouping: .pod)
        #expect(changed4)
        let deployment = build(.pod, folds).node("supersonic-triton")!
        let changed5 = folds.collapse(deployment, grouping: .pod)
        #expect(changed5)
        let byRole = build(.pod, folds)
        let role = byRole.node("triton")!
        #expect(role.level == .role && role.members.count == 8)
        // Nothing is coarser than a role.
        var again = folds
        let changed6 = again.collapse(role, grouping: .pod)
        #expect(!changed6)
        #expect(again == folds)
        // Expanding the role returns to the collapsed deployment, not all the way to pods.
        let changed7 = folds.expand(role, grouping: .pod)
        #expect(changed7)
        #expect(build(.pod, folds).node("supersonic-triton")?.level == .deployment)
    }

    @Test func belowTheGroupingExpandingOpensAGroup() {
        let deployments = build(.deployment)
        let triton = deployments.node("supersonic-triton")!
        var folds = GroupFolds()
        let changed8 = folds.expand(triton, grouping: .deployment)
        #expect(changed8)
        let opened = build(.deployment, folds)
        #expect(opened.nodes.filter { $0.role == .triton }.count == 8)
        #expect(opened.node("supersonic-envoy")?.members.count == 3)
        #expect(abs(total(opened).rate - total(deployments).rate) < 1e-9)
        // Collapsing one of the pods closes the group again.
        let pod = opened.nodes.first { $0.role == .triton }!
        let changed9 = folds.collapse(pod, grouping: .deployment)
        #expect(changed9)
        #expect(folds.isEmpty)
        #expect(build(.deployment, folds) == deployments)

        // Under role grouping a role opens into its deployments.
        let roles = build(.role)
        var byRole = GroupFolds()
        let changed10 = byRole.expand(roles.node("triton")!, grouping: .role)
        #expect(changed10)
        #expect(build(.role, byRole).node("supersonic-triton")?.level == .deployment)
    }

    @Test func podsAndVirtualNodesRefuseWhatTheyCannotDo() {
        var folds = GroupFolds()
        let pod = MapNode(id: "supersonic-triton-74c49fcf8-rxzpm", label: "", role: .triton, members: ["supersonic-triton-74c49fcf8-rxzpm"])
        let changed11 = folds.expand(pod, grouping: .pod)
        #expect(!changed11)
        let user = MapNode(id: "user", label: "user", role: .virtual, members: ["user"])
        let changed12 = folds.collapse(user, grouping: .pod)
        #expect(!changed12)
        let model = MapNode(id: "model/resnet", label: "resnet", role: .model, members: ["model/resnet"])
        let changed13 = folds.collapse(model, grouping: .pod)
        #expect(!changed13)
        #expect(folds.isEmpty)
        // A service that is no deployment's pod folds into its role directly.
        let plain = MapNode(id: "frontend", label: "frontend", role: .other, members: ["frontend"])
        let changed14 = folds.collapse(plain, grouping: .pod)
        #expect(changed14)
        #expect(folds.level(of: "frontend", role: .other, grouping: .pod) == .role)
    }

    @Test func modelAndVirtualNodesStayWhereTheyAreInACollapsedMap() {
        let withUser = ServiceGraphSample(
            time: 0, windowSeconds: 300,
            edges: sample.edges + [EdgeSample(key: EdgeKey(client: "user", server: "supersonic-triton-74c49fcf8-rxzpm"), connectionType: .virtualNode, requestRate: 2)])
        var folds = GroupFolds()
        let pod = MapNode(id: "supersonic-triton-74c49fcf8-rxzpm", label: "", role: .triton, members: ["supersonic-triton-74c49fcf8-rxzpm"])
        let changed15 = folds.collapse(pod, grouping: .pod)
        #expect(changed15)
        let m = ServiceMapBuilder.build(sample: withUser, traces: [], options: .init(folds: folds), now: 0, windowSeconds: 300)
        #expect(m.node("user")?.level == .pod)
        #expect(m.edge(EdgeKey(client: "user", server: "supersonic-triton"))?.traffic.rate == 2)
        #expect(m.folds == folds)
    }
}
