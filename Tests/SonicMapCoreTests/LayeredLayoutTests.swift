import Testing
@testable import SonicMapCore

/// A small deterministic generator for random test graphs.
struct TestRandom {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(1, n)))
    }
}

/// Random graphs: mostly layered (like client → proxy → server), with some long and
/// backward edges so cycles and dummies are exercised.
func randomTopology(nodes n: Int, seed: UInt64) -> MapTopology {
    var r = TestRandom(state: seed)
    let ids = (0..<n).map { "svc-\(String(format: "%03d", $0))" }
    var edges = Set<EdgeKey>()
    for i in 0..<n {
        let fanout = r.next(3)
        for _ in 0..<fanout {
            let j = r.next(10) == 0 ? r.next(n) : min(n - 1, i + 1 + r.next(max(1, min(6, n - i))))
            edges.insert(EdgeKey(client: ids[i], server: ids[j]))
        }
    }
    return MapTopology(nodes: ids, edges: Array(edges))
}

@Suite struct LayeredLayoutTests {
    func check(_ t: MapTopology, _ o: LayoutOptions = LayoutOptions()) {
        let l = LayeredLayout.layout(t, options: o)
        let boxes = l.boxes.sorted { $0.key < $1.key }
        #expect(boxes.count == Set(t.nodes).count)
        // No two boxes overlap.
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] where a.value.intersects(b.value) { Issue.record("\(a.key) overlaps \(b.key)") }
            #expect(a.value.x >= 0 && a.value.y >= 0 && a.value.maxX <= l.width && a.value.maxY <= l.height)
        }
        // Every edge is drawn: an orthogonal path from the right of its source box to the
        // arrow cell left of its target box, never through a box.
        var boxCells = Set<Point>()
        for (_, r) in boxes {
            for y in r.y..<r.maxY { for x in r.x..<r.maxX { boxCells.insert(Point(x: x, y: y)) } }
        }
        for e in Set(t.edges) {
            if e.client == e.server {
                #expect(l.selfLoops.contains(e))
                continue
            }
            guard let route = l.routes[e] else {
                Issue.record("edge \(e) has no route")
                continue
            }
            let (from, to) = l.reversed.contains(e) ? (e.server, e.client) : (e.client, e.server)
            let src = l.boxes[from]!, dst = l.boxes[to]!
            #expect(route.count >= 2)
            #expect(route.first!.x == src.maxX && route.first!.y >= src.y && route.first!.y < src.maxY)
            #expect(route.last!.x == dst.x - 1 && route.last!.y > dst.y && route.last!.y < dst.maxY - 1)
            for (a, b) in zip(route, route.dropFirst()) {
                #expect(a.x == b.x || a.y == b.y, "diagonal segment in \(e)")
                for p in cells(a, b) where boxCells.contains(p) {
                    Issue.record("\(e) passes through a box at \(p)")
                }
            }
        }
    }

    func cells(_ a: Point, _ b: Point) -> [Point] {
        if a.y == b.y { return stride(from: min(a.x, b.x), through: max(a.x, b.x), by: 1).map { Point(x: $0, y: a.y) } }
        return stride(from: min(a.y, b.y), through: max(a.y, b.y), by: 1).map { Point(x: a.x, y: $0) }
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13, 30, 60, 120, 200, 500])
    func propertiesHoldForRandomGraphs(nodes: Int) {
        for seed in 1...3 { check(randomTopology(nodes: nodes, seed: UInt64(seed * 1000 + nodes))) }
    }

    @Test func compactBoxesKeepTheProperties() {
        check(randomTopology(nodes: 40, seed: 9), LayoutOptions(boxWidth: 14, boxHeight: 3, rowGap: 0, labelWidth: 6))
    }

    @Test func sameGraphInAnyOrderGivesTheSamePicture() {
        let t = randomTopology(nodes: 50, seed: 42)
        let shuffled = MapTopology(nodes: t.nodes.reversed(), edges: t.edges.sorted().reversed())
        #expect(LayeredLayout.layout(t) == LayeredLayout.layout(shuffled))
        #expect(LayeredLayout.layout(t) == LayeredLayout.layout(t))
    }

    @Test func cyclesReverseOneEdgeAndDrawAll() {
        let t = MapTopology(nodes: ["a", "b", "c"], edges: [
            EdgeKey(client: "a", server: "b"), EdgeKey(client: "b", server: "c"), EdgeKey(client: "c", server: "a"),
            EdgeKey(client: "a", server: "a"),
        ])
        let l = LayeredLayout.layout(t)
        #expect(l.reversed.count == 1)
        #expect(l.selfLoops == [EdgeKey(client: "a", server: "a")])
        check(t)
    }

    /// 2 Envoys × 60 Tritons share one trunk: one vertical bus, not 120 crossing lines.
    @Test func fullFanOutIsOneBus() {
        let envoys = ["envoy-a", "envoy-b"], tritons = (0..<60).map { "triton-\($0)" }
        let edges = envoys.flatMap { e in tritons.map { EdgeKey(client: e, server: $0) } }
        let l = LayeredLayout.layout(MapTopology(nodes: envoys + tritons, edges: edges))
        let trunkColumns = Set(l.routes.values.flatMap { r in zip(r, r.dropFirst()).filter { $0.0.x == $0.1.x }.map { $0.0.x } })
        #expect(trunkColumns.count == 1)
        #expect(l.layers.count == 2)
        check(MapTopology(nodes: envoys + tritons, edges: edges))
    }
}
