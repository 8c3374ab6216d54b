import Testing
@testable import SonicMapCore

/// A pod that vanishes from the data fades out over the window instead of blinking.
@Suite struct FadeOutTests {
    static let envoy = "supersonic-envoy-58b98b5568-9ww7h"
    static let tritons = ["supersonic-triton-74c49fcf8-rxzpm", "supersonic-triton-74c49fcf8-kqm9p"]

    /// The map at `time` with the given Triton pods behind one Envoy.
    static func map(_ tritons: [String], at time: Double, grouping: Grouping = .pod, window: Double = 300) -> ServiceMap {
        let edges = tritons.enumerated().map { i, t in
            EdgeSample(key: EdgeKey(client: envoy, server: t), requestRate: Double(10 + i), failedRate: 0.5)
        }
        return ServiceMapBuilder.build(
            sample: ServiceGraphSample(time: time, windowSeconds: window, edges: edges), traces: [],
            options: .init(grouping: grouping, showModels: false), now: time, windowSeconds: window)
    }

    @Test func aVanishedPodStaysForTheWindowWithItsLastNumbersThenLeaves() {
        var fade = FadeOut()
        let before = fade.apply(to: Self.map(Self.tritons, at: 1000))
        #expect(before.nodes.allSatisfy { !$0.isGone })
        let gone = Self.tritons[1]

        for t in [1005.0, 1100, 1299] {
            let m = fade.apply(to: Self.map([Self.tritons[0]], at: t))
            let ghost = m.node(gone)
            #expect(ghost?.lastSeen == 1000, "at \(t)")
            #expect(ghost?.incoming.rate == 11, "last numbers kept")
            let edge = m.edge(EdgeKey(client: Self.envoy, server: gone))
            #expect(edge?.lastSeen == 1000)
            #expect(edge?.traffic.rate == 11)
            // The pods still there are live.
            #expect(m.node(Self.tritons[0])?.isGone == false)
            #expect(m.nodes.map(\.id) == m.nodes.map(\.id).sorted())
        }
        let later = fade.apply(to: Self.map([Self.tritons[0]], at: 1300))
        #expect(later.node(gone) == nil)
        #expect(later.edge(EdgeKey(client: Self.envoy, server: gone)) == nil)
    }

    @Test func theLayoutDoesNotChangeWhileAPodFades() {
        var fade = FadeOut()
        let both = fade.apply(to: Self.map(Self.tritons, at: 0))
        let fading = fade.apply(to: Self.map([Self.tritons[0]], at: 10))
        #expect(both.topology == fading.topology)
        #expect(LayeredLayout.layout(both.topology) == LayeredLayout.layout(fading.topology))
    }

    @Test func aPodThatComesBackIsLiveAgain() {
        var fade = FadeOut()
        _ = fade.apply(to: Self.map(Self.tritons, at: 0))
        _ = fade.apply(to: Self.map([Self.tritons[0]], at: 10))
        let back = fade.apply(to: Self.map(Self.tritons, at: 20))
        #expect(back.nodes.allSatisfy { !$0.isGone })
        #expect(back.edges.allSatisfy { !$0.isGone })
        #expect(back == Self.map(Self.tritons, at: 20))
    }

    @Test func anotherGroupingStartsAfresh() {
        var fade = FadeOut()
        _ = fade.apply(to: Self.map(Self.tritons, at: 0))
        // The pods are not gone: they are merged into their deployment.
        let grouped = fade.apply(to: Self.map(Self.tritons, at: 0, grouping: .deployment))
        #expect(grouped.nodes.allSatisfy { !$0.isGone })
        #expect(grouped.node(Self.tritons[0]) == nil)
    }

    @Test func historyRecordsOnlyWhatIsThere() {
        var fade = FadeOut()
        var history = History(windowSeconds: 300, refreshSeconds: 5)
        history.record(fade.apply(to: Self.map(Self.tritons, at: 0)))
        history.record(fade.apply(to: Self.map([Self.tritons[0]], at: 5)))
        #expect(history.nodes[Self.tritons[0]]?.count == 2)
        #expect(history.nodes[Self.tritons[1]]?.count == 1)
        #expect(history.edges[EdgeKey(client: Self.envoy, server: Self.tritons[1])]?.count == 1)
    }
}
