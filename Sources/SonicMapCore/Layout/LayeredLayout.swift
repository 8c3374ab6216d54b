/// A layered (Sugiyama-style) layout, left to right, for terminal cells.
///
/// Steps: break cycles by reversing DFS back edges; put every node one layer right of
/// its furthest predecessor; pass long edges through dummy points; order each layer by
/// barycenter sweeps, keeping the order with fewest crossings; then route each gap
/// through vertical *trunks*. Sources whose targets are the same set share one trunk,
/// so a fan-out of 2 Envoys × 60 Tritons is one bus instead of 120 crossing lines.
///
/// The result depends only on the topology, the options and the previous order:
/// numbers changing never moves a box, the same graph always gives the same picture,
/// and when an edge or a pod comes or goes the other boxes keep their order.
public enum LayeredLayout {
    /// - Parameter previous: the layers of the layout on screen before; nodes still present
    ///   keep their relative order, so a refresh that adds or drops one edge does not reshuffle.
    public static func layout(_ topology: MapTopology, options: LayoutOptions = LayoutOptions(), previous: [[String]] = []) -> MapLayout {
        arrange(topology, previous: previous).place(options)
    }

    /// Layers, order and buses: everything that does not depend on box sizes, so that
    /// several sizes can be tried (`size`) and one placed without redoing it.
    public static func arrange(_ topology: MapTopology, previous: [[String]] = []) -> Arrangement {
        var graph = Graph(topology)
        guard !graph.ids.isEmpty else { return Arrangement(graph: nil) }
        graph.breakCycles()
        graph.assignLayers()
        graph.insertDummies()
        graph.orderLayers()
        if !previous.isEmpty { graph.keepOrder(of: previous.flatMap { $0 }) }
        graph.groupTrunks()
        return Arrangement(graph: graph)
    }

    /// A graph in layers and in order, ready to be placed at any box size.
    public struct Arrangement: Sendable {
        let graph: Graph?

        /// Width and height of the layout `place(options)` would make, without making it.
        public func size(_ options: LayoutOptions) -> (width: Int, height: Int) {
            guard let graph else { return (0, 0) }
            return graph.size(options)
        }

        public func place(_ options: LayoutOptions) -> MapLayout {
            graph?.place(options) ?? .empty
        }
    }

    /// One link between two nodes of the working graph.
    struct Link: Hashable {
        var a: Int
        var b: Int
    }

    /// Working state. Nodes are integers; real nodes come first, dummies after.
    struct Graph: Sendable {
        var ids: [String]
        var realCount: Int
        var succ: [[Int]]
        var pred: [[Int]]
        /// Edges in key order (ids are sorted, so index pairs sort as keys do); an edge's
        /// index stands for its key wherever edges are sorted.
        var edges: [(Int, Int, EdgeKey)] = []
        var reversed: Set<EdgeKey> = []
        var selfLoops: [EdgeKey] = []
        var layer: [Int] = []
        var layers: [[Int]] = []
        /// For each edge (by index), the chain of nodes it passes (source … target, after reversal).
        var chains: [[Int]] = []
        /// Bus class per real node.
        var classes: [String]
        /// Per gap, the trunks: sources of one class with the same targets share one.
        var groups: [[[Int]]] = []
        /// Each source's trunk in its gap.
        var groupOf: [Int: Int] = [:]
        /// Per target, the trunks arriving at it, numbered in trunk order (its port rows).
        var arrivalIndex: [Int: [Int: Int]] = [:]

        init(_ t: MapTopology) {
            var names = Set(t.nodes)
            for e in t.edges { names.insert(e.client); names.insert(e.server) }
            ids = names.sorted()
            realCount = ids.count
            classes = ids.map { t.classes[$0] ?? "" }
            succ = Array(repeating: [], count: ids.count)
            pred = Array(repeating: [], count: ids.count)
            var index: [String: Int] = [:]
            index.reserveCapacity(ids.count)
            for (i, id) in ids.enumerated() { index[id] = i }
            var pairs = t.edges.indices.map { (index[t.edges[$0].client]!, index[t.edges[$0].server]!, $0) }
            pairs.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            var last: (Int, Int)? = nil
            for (a, b, i) in pairs where last.map({ $0 != (a, b) }) ?? true {
                last = (a, b)
                if a == b { selfLoops.append(t.edges[i]); continue }
                edges.append((a, b, t.edges[i]))
            }
        }

        /// Reverses the back edges of a DFS taken in id order.
        mutating func breakCycles() {
            var out = Array(repeating: [(Int, Int)](), count: ids.count)
            for (i, e) in edges.enumerated() { out[e.0].append((e.1, i)) }
            var state = Array(repeating: 0, count: ids.count)  // 0 new, 1 on stack, 2 done
            var back = Set<Int>()
            for start in 0..<ids.count where state[start] == 0 {
                var stack: [(Int, Int)] = [(start, 0)]
                state[start] = 1
                while let (v, next) = stack.last {
                    if next < out[v].count {
                        stack[stack.count - 1].1 += 1
                        let (w, ei) = out[v][next]
                        if state[w] == 1 { back.insert(ei) } else if state[w] == 0 {
                            state[w] = 1
                            stack.append((w, 0))
                        }
                    } else {
                        state[v] = 2
                        stack.removeLast()
                    }
                }
            }
            for i in back.sorted() {
                let (a, b, key) = edges[i]
                edges[i] = (b, a, key)
                reversed.insert(key)
            }
            // A pair and its reverse both present become one link (a set, not a scan of the
            // source's successors, which is quadratic for a 2 × 1000 fan-out).
            var linked = Set<Link>()
            for (a, b, _) in edges where linked.insert(Link(a: a, b: b)).inserted {
                succ[a].append(b)
                pred[b].append(a)
            }
        }

        /// Longest path from the sources.
        mutating func assignLayers() {
            var indegree = pred.map(\.count)
            layer = Array(repeating: 0, count: ids.count)
            var queue = (0..<ids.count).filter { indegree[$0] == 0 }
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for w in succ[v].sorted() {
                    layer[w] = max(layer[w], layer[v] + 1)
                    indegree[w] -= 1
                    if indegree[w] == 0 { queue.append(w) }
                }
            }
        }

        /// Splits edges longer than one layer with dummy points.
        mutating func insertDummies() {
            var newSucc = Array(repeating: [Int](), count: ids.count)
            var newPred = Array(repeating: [Int](), count: ids.count)
            var linked = Set<Link>()
            func link(_ a: Int, _ b: Int) {
                if linked.insert(Link(a: a, b: b)).inserted { newSucc[a].append(b); newPred[b].append(a) }
            }
            chains.reserveCapacity(edges.count)
            for (a, b, key) in edges {
                var chain = [a]
                var prev = a
                if layer[b] - layer[a] > 1 {
                    for l in (layer[a] + 1)..<layer[b] {
                        let d = ids.count
                        ids.append("\u{1}dummy:\(l):" + key.description)
                        layer.append(l)
                        newSucc.append([])
                        newPred.append([])
                        link(prev, d)
                        chain.append(d)
                        prev = d
                    }
                }
                link(prev, b)
                chain.append(b)
                chains.append(chain)
            }
            succ = newSucc
            pred = newPred
            let count = (layer.max() ?? 0) + 1
            layers = Array(repeating: [], count: count)
            for v in 0..<ids.count { layers[layer[v]].append(v) }
            for l in layers.indices { layers[l].sort { ids[$0] < ids[$1] } }
        }

        /// Barycenter sweeps down and up; keeps the ordering with the fewest crossings.
        mutating func orderLayers() {
            var best = layers
            var bestCrossings = crossings(layers)
            var current = layers
            for iteration in 0..<8 where bestCrossings > 0 {
                let down = iteration % 2 == 0
                let range: [Int] = down ? Array(current.indices.dropFirst()) : Array(current.indices.dropLast().reversed())
                var pos = [Int](repeating: -1, count: ids.count)
                for l in range {
                    let fixed = current[down ? l - 1 : l + 1]
                    for (i, v) in fixed.enumerated() { pos[v] = i }
                    let keyed = current[l].enumerated().map { old, v -> (Double, Int, Int) in
                        var sum = 0, count = 0
                        for w in down ? pred[v] : succ[v] where pos[w] >= 0 {
                            sum += pos[w]
                            count += 1
                        }
                        let bary = count == 0 ? Double(old) : Double(sum) / Double(count)
                        return (bary, old, v)
                    }
                    for v in fixed { pos[v] = -1 }
                    current[l] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                }
                let c = crossings(current)
                if c < bestCrossings {
                    bestCrossings = c
                    best = current
                }
            }
            layers = best
        }

        /// Puts the nodes that were on screen before back in their old relative order,
        /// in the slots they occupy; new nodes and dummies keep their computed slots.
        mutating func keepOrder(of previous: [String]) {
            var rank: [String: Int] = [:]
            for (i, id) in previous.enumerated() where rank[id] == nil { rank[id] = i }
            for l in layers.indices {
                let known = layers[l].filter { !isDummy($0) && rank[ids[$0]] != nil }
                var sortedKnown = known.sorted { rank[ids[$0]]! < rank[ids[$1]]! }.makeIterator()
                layers[l] = layers[l].map { v in
                    (!isDummy(v) && rank[ids[v]] != nil) ? sortedKnown.next()! : v
                }
            }
        }

        /// Edge crossings between consecutive layers: inversions of the target positions
        /// taken in source order, counted with a Fenwick tree (32k edges of a 1000-pod
        /// mesh in milliseconds, where inserting into a sorted array took a second).
        func crossings(_ layers: [[Int]]) -> Int {
            var total = 0
            var pos = [Int](repeating: -1, count: ids.count)
            for l in layers.indices.dropLast() {
                let next = layers[l + 1]
                for (i, v) in next.enumerated() { pos[v] = i }
                var tree = [Int](repeating: 0, count: next.count + 1)
                var seen = 0
                var targets: [Int] = []
                for v in layers[l] {
                    targets.removeAll(keepingCapacity: true)
                    for w in succ[v] where pos[w] >= 0 { targets.append(pos[w]) }
                    targets.sort()
                    for p in targets {
                        // Seen targets at or left of p do not cross this edge; the rest do.
                        var atOrLeft = 0
                        var i = p + 1
                        while i > 0 {
                            atOrLeft += tree[i]
                            i -= i & -i
                        }
                        total += seen - atOrLeft
                        i = p + 1
                        while i < tree.count {
                            tree[i] += 1
                            i += i & -i
                        }
                        seen += 1
                    }
                }
                for v in next { pos[v] = -1 }
            }
            return total
        }

        func isDummy(_ v: Int) -> Bool { v >= realCount }

        /// Trunks per gap: sources of one class with the same target set share one, and
        /// each target numbers the trunks that arrive at it.
        mutating func groupTrunks() {
            struct TrunkKey: Hashable {
                /// A dummy never shares its trunk: its own index; -1 for real nodes.
                var dummy: Int
                var cls: String
                var targets: [Int]
            }
            for l in layers.indices.dropLast() {
                var byTargets: [TrunkKey: Int] = [:]
                var gs: [[Int]] = []
                for v in layers[l] where !succ[v].isEmpty {
                    let key = TrunkKey(dummy: isDummy(v) ? v : -1, cls: isDummy(v) ? "" : classes[v], targets: succ[v].sorted())
                    if let gi = byTargets[key] {
                        gs[gi].append(v)
                    } else {
                        byTargets[key] = gs.count
                        gs.append([v])
                    }
                }
                for (gi, g) in gs.enumerated() { for v in g { groupOf[v] = gi } }
                groups.append(gs)
            }
            for gs in groups {
                for (gi, g) in gs.enumerated() {
                    for t in succ[g[0]].sorted() {
                        let n = arrivalIndex[t]?.count ?? 0
                        if arrivalIndex[t]?[gi] == nil { arrivalIndex[t, default: [:]][gi] = n }
                    }
                }
            }
        }

        /// Left edge of each layer.
        func layerX(_ o: LayoutOptions) -> [Int] {
            var xs: [Int] = []
            var x = 0
            for l in layers.indices {
                xs.append(x)
                let trunks = l < groups.count ? groups[l].count : 0
                x += o.boxWidth + 2 * trunks + 2 + o.labelWidth
            }
            return xs
        }

        /// Box height: boxes grow so that every bus arriving at a box gets its own row
        /// (not in the compact three-row form).
        func boxHeight(_ o: LayoutOptions) -> Int {
            let arrivals = arrivalIndex.values.map(\.count).max() ?? 1
            return o.boxHeight >= 4 ? max(o.boxHeight, arrivals + 2) : o.boxHeight
        }

        func layerHeights(_ o: LayoutOptions) -> [Int] {
            let boxHeight = boxHeight(o)
            return layers.map { vs in
                vs.reduce(0) { $0 + (isDummy($1) ? 1 : boxHeight) } + max(0, vs.count - 1) * o.rowGap
            }
        }

        func size(_ o: LayoutOptions) -> (width: Int, height: Int) {
            ((layerX(o).last ?? 0) + o.boxWidth, layerHeights(o).max() ?? 0)
        }

        /// Coordinates and routes.
        func place(_ o: LayoutOptions) -> MapLayout {
            let layerX = layerX(o)
            let width = (layerX.last ?? 0) + o.boxWidth

            // Vertical positions: each layer stacked and centred.
            let boxHeight = boxHeight(o)
            func height(_ v: Int) -> Int { isDummy(v) ? 1 : boxHeight }
            let layerHeights = layerHeights(o)
            let totalHeight = layerHeights.max() ?? 0
            var rect = [Rect](repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: ids.count)
            for (l, vs) in layers.enumerated() {
                var y = (totalHeight - layerHeights[l]) / 2
                for v in vs {
                    rect[v] = Rect(x: layerX[l], y: y, width: o.boxWidth, height: height(v))
                    y += height(v) + o.rowGap
                }
            }

            func sourcePortY(_ v: Int) -> Int { rect[v].y + rect[v].height / 2 }
            func targetPortY(_ v: Int, group: Int) -> Int {
                let r = rect[v]
                if isDummy(v) { return r.y }
                let inner = r.height - 2
                return r.y + 1 + group % max(1, inner)
            }
            // One hop v → w (w in the next layer) as points.
            func hop(_ v: Int, _ w: Int) -> [Point] {
                let l = layer[v]
                let gi = groupOf[v] ?? 0
                let trunkX = layerX[l] + o.boxWidth + 1 + 2 * gi
                let sy = sourcePortY(v)
                let ty = targetPortY(w, group: arrivalIndex[w]?[gi] ?? 0)
                let endX = isDummy(w) ? rect[w].maxX - 1 : rect[w].x - 1
                var pts = [Point(x: layerX[l] + o.boxWidth, y: sy), Point(x: trunkX, y: sy)]
                if ty != sy { pts.append(Point(x: trunkX, y: ty)) }
                pts.append(Point(x: endX, y: ty))
                return pts
            }

            var routes: [EdgeKey: [Point]] = [:]
            routes.reserveCapacity(edges.count)
            // The same lines once each, for drawing: a stub from each source to its trunk, each
            // trunk from its top to its bottom, each branch from a trunk to a target. Edges are
            // collected by index, which sorts as their keys do.
            struct SegmentKey: Hashable { var a: Point; var b: Point }
            var segmentEdges: [SegmentKey: [Int]] = [:]
            var trunkSpan: [Point: (Int, Int)] = [:]  // (trunk x, layer as y) -> min, max y
            var trunkEdges: [Point: [Int]] = [:]
            // Label slots on each branch into a real box: target -> trunk -> edges.
            var slotEdges: [Int: [Int: [Int]]] = [:]
            for (e, chain) in chains.enumerated() {
                var pts: [Point] = []
                for (v, w) in zip(chain, chain.dropFirst()) {
                    var h = hop(v, w)
                    let first = h[0], last = h[h.count - 1], trunkX = h[1].x
                    segmentEdges[SegmentKey(a: first, b: h[1]), default: []].append(e)
                    segmentEdges[SegmentKey(a: Point(x: trunkX, y: last.y), b: last), default: []].append(e)
                    let trunk = Point(x: trunkX, y: layer[v])
                    let (lo, hi) = trunkSpan[trunk] ?? (Int.max, Int.min)
                    trunkSpan[trunk] = (min(lo, first.y, last.y), max(hi, first.y, last.y))
                    trunkEdges[trunk, default: []].append(e)
                    if !isDummy(w) { slotEdges[w, default: [:]][groupOf[v] ?? 0, default: []].append(e) }
                    if let end = pts.last, end.y == h[0].y {
                        // Continue straight through a dummy: merge the collinear points.
                        pts.removeLast()
                        h.removeFirst()
                        pts.append(contentsOf: h.isEmpty ? [end] : h)
                    } else {
                        pts.append(contentsOf: h)
                    }
                }
                routes[edges[e].2] = simplify(pts)
            }
            func keys(_ indices: [Int]) -> [EdgeKey] { indices.sorted().map { edges[$0].2 } }

            var segments: [LayoutSegment] = segmentEdges.map { LayoutSegment(from: $0.key.a, to: $0.key.b, edges: keys($0.value)) }
            for (t, span) in trunkSpan where span.0 < span.1 {
                segments.append(LayoutSegment(from: Point(x: t.x, y: span.0), to: Point(x: t.x, y: span.1), edges: keys(trunkEdges[t]!)))
            }
            segments.sort { ($0.from.y, $0.from.x, $0.to.y, $0.to.x) < ($1.from.y, $1.from.x, $1.to.y, $1.to.x) }

            var labels: [LabelSlot] = []
            for (l, gs) in groups.enumerated() {
                let start = layerX[l] + o.boxWidth + 2 * gs.count + 1
                for (gi, g) in gs.enumerated() {
                    for t in succ[g[0]].sorted() where !isDummy(t) {
                        let ty = targetPortY(t, group: arrivalIndex[t]?[gi] ?? 0)
                        labels.append(LabelSlot(
                            origin: Point(x: start, y: ty), width: o.labelWidth, arrow: Point(x: rect[t].x - 1, y: ty),
                            edges: keys(slotEdges[t]?[gi] ?? [])))
                    }
                }
            }
            labels.sort { ($0.origin.y, $0.origin.x) < ($1.origin.y, $1.origin.x) }

            var boxes: [String: Rect] = [:]
            for v in 0..<realCount { boxes[ids[v]] = rect[v] }
            return MapLayout(
                width: width, height: totalHeight, boxes: boxes,
                layers: layers.map { $0.filter { !isDummy($0) }.map { ids[$0] } },
                routes: routes, segments: segments, reversed: reversed, selfLoops: selfLoops, labels: labels)
        }

        /// Drops points in the middle of straight runs.
        func simplify(_ pts: [Point]) -> [Point] {
            var out: [Point] = []
            for p in pts {
                if let last = out.last, last == p { continue }
                if out.count >= 2 {
                    let a = out[out.count - 2], b = out[out.count - 1]
                    if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { out.removeLast() }
                }
                out.append(p)
            }
            return out
        }
    }
}
