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
        var graph = Graph(topology)
        guard !graph.ids.isEmpty else { return .empty }
        graph.breakCycles()
        graph.assignLayers()
        graph.insertDummies()
        graph.orderLayers()
        if !previous.isEmpty { graph.keepOrder(of: previous.flatMap { $0 }) }
        return graph.place(options)
    }

    /// Working state. Nodes are integers; real nodes come first, dummies after.
    struct Graph {
        var ids: [String]
        var realCount: Int
        var succ: [[Int]]
        var pred: [[Int]]
        var edges: [(Int, Int, EdgeKey)] = []
        var reversed: Set<EdgeKey> = []
        var selfLoops: [EdgeKey] = []
        var layer: [Int] = []
        var layers: [[Int]] = []
        /// For each original edge, the chain of nodes it passes (source … target, after reversal).
        var chains: [EdgeKey: [Int]] = [:]
        /// Bus class per real node.
        var classes: [String]

        init(_ t: MapTopology) {
            var names = Set(t.nodes)
            for e in t.edges { names.insert(e.client); names.insert(e.server) }
            ids = names.sorted()
            realCount = ids.count
            classes = ids.map { t.classes[$0] ?? "" }
            succ = Array(repeating: [], count: ids.count)
            pred = Array(repeating: [], count: ids.count)
            var index: [String: Int] = [:]
            for (i, id) in ids.enumerated() { index[id] = i }
            var seen = Set<EdgeKey>()
            for e in t.edges.sorted() where seen.insert(e).inserted {
                let a = index[e.client]!, b = index[e.server]!
                if a == b { selfLoops.append(e); continue }
                edges.append((a, b, e))
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
            for (a, b, _) in edges where !succ[a].contains(b) {
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
            func link(_ a: Int, _ b: Int) {
                if !newSucc[a].contains(b) { newSucc[a].append(b); newPred[b].append(a) }
            }
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
                chains[key] = chain
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
                for l in range {
                    let fixed = current[down ? l - 1 : l + 1]
                    var pos = [Int: Int]()
                    for (i, v) in fixed.enumerated() { pos[v] = i }
                    var old = [Int: Int]()
                    for (i, v) in current[l].enumerated() { old[v] = i }
                    let keyed = current[l].map { v -> (Double, Int, Int) in
                        let ns = (down ? pred[v] : succ[v]).compactMap { pos[$0] }
                        let bary = ns.isEmpty ? Double(old[v]!) : Double(ns.reduce(0, +)) / Double(ns.count)
                        return (bary, old[v]!, v)
                    }
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

        /// Edge crossings between consecutive layers.
        func crossings(_ layers: [[Int]]) -> Int {
            var total = 0
            for l in layers.indices.dropLast() {
                var pos = [Int: Int]()
                for (i, v) in layers[l + 1].enumerated() { pos[v] = i }
                var pairs: [(Int, Int)] = []
                for (i, v) in layers[l].enumerated() {
                    for w in succ[v] { if let p = pos[w] { pairs.append((i, p)) } }
                }
                pairs.sort { $0 < $1 }
                // Count inversions of the target positions (merge-sort style would be faster; n is small per layer pair).
                var seen: [Int] = []
                for (_, p) in pairs {
                    var lo = 0, hi = seen.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if seen[mid] <= p { lo = mid + 1 } else { hi = mid }
                    }
                    total += seen.count - lo
                    seen.insert(p, at: lo)
                }
            }
            return total
        }

        func isDummy(_ v: Int) -> Bool { v >= realCount }

        /// Coordinates and routes.
        func place(_ o: LayoutOptions) -> MapLayout {
            // Trunk groups per gap: sources of one class with the same target set share a trunk.
            var groups: [[[Int]]] = []  // gap -> group -> sources
            var groupOf: [Int: Int] = [:]  // source node -> group index in its gap
            for l in layers.indices.dropLast() {
                var byTargets: [String: [Int]] = [:]
                var order: [String] = []
                for v in layers[l] where !succ[v].isEmpty {
                    let t = (isDummy(v) ? "\u{1}\(v)" : classes[v]) + ">" + succ[v].sorted().map(String.init).joined(separator: ",")
                    if byTargets[t] == nil { order.append(t) }
                    byTargets[t, default: []].append(v)
                }
                let gs = order.map { byTargets[$0]! }
                for (gi, g) in gs.enumerated() { for v in g { groupOf[v] = gi } }
                groups.append(gs)
            }

            // Horizontal positions.
            var layerX: [Int] = []
            var x = 0
            for l in layers.indices {
                layerX.append(x)
                let trunks = l < groups.count ? groups[l].count : 0
                x += o.boxWidth + 2 * trunks + 2 + o.labelWidth
            }
            let width = (layerX.last ?? 0) + o.boxWidth

            // Groups arriving at each target are numbered in trunk order for port rows.
            var arrivalIndex: [Int: [Int: Int]] = [:]
            for gs in groups {
                for (gi, g) in gs.enumerated() {
                    for t in succ[g[0]].sorted() {
                        let n = arrivalIndex[t]?.count ?? 0
                        if arrivalIndex[t]?[gi] == nil { arrivalIndex[t, default: [:]][gi] = n }
                    }
                }
            }

            // Vertical positions: each layer stacked and centred. Boxes grow so that every
            // bus arriving at a box gets its own row (not in the compact three-row form).
            let arrivals = arrivalIndex.values.map(\.count).max() ?? 1
            let boxHeight = o.boxHeight >= 4 ? max(o.boxHeight, arrivals + 2) : o.boxHeight
            func height(_ v: Int) -> Int { isDummy(v) ? 1 : boxHeight }
            let layerHeights = layers.map { vs in vs.map { height($0) }.reduce(0, +) + max(0, vs.count - 1) * o.rowGap }
            let totalHeight = layerHeights.max() ?? 0
            var rect = [Int: Rect]()
            for (l, vs) in layers.enumerated() {
                var y = (totalHeight - layerHeights[l]) / 2
                for v in vs {
                    rect[v] = Rect(x: layerX[l], y: y, width: o.boxWidth, height: height(v))
                    y += height(v) + o.rowGap
                }
            }

            func sourcePortY(_ v: Int) -> Int { rect[v]!.y + rect[v]!.height / 2 }
            func targetPortY(_ v: Int, group: Int) -> Int {
                let r = rect[v]!
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
                let endX = isDummy(w) ? rect[w]!.maxX - 1 : rect[w]!.x - 1
                var pts = [Point(x: layerX[l] + o.boxWidth, y: sy), Point(x: trunkX, y: sy)]
                if ty != sy { pts.append(Point(x: trunkX, y: ty)) }
                pts.append(Point(x: endX, y: ty))
                return pts
            }

            var routes: [EdgeKey: [Point]] = [:]
            for (key, chain) in chains {
                var pts: [Point] = []
                for i in chain.indices.dropLast() {
                    var h = hop(chain[i], chain[i + 1])
                    if let last = pts.last, last.y == h[0].y {
                        // Continue straight through a dummy: merge the collinear points.
                        pts.removeLast()
                        h.removeFirst()
                        pts.append(contentsOf: h.isEmpty ? [last] : h)
                    } else {
                        pts.append(contentsOf: h)
                    }
                }
                routes[key] = simplify(pts)
            }

            // The same lines once each, for drawing: a stub from each source to its trunk, each
            // trunk from its top to its bottom, each branch from a trunk to a target.
            struct SegmentKey: Hashable { var a: Point; var b: Point }
            var segmentEdges: [SegmentKey: [EdgeKey]] = [:]
            var trunkSpan: [Point: (Int, Int)] = [:]  // (trunk x, layer as y) -> min, max y
            var trunkEdges: [Point: [EdgeKey]] = [:]
            for (key, chain) in chains {
                for (v, w) in zip(chain, chain.dropFirst()) {
                    let h = hop(v, w)
                    let trunkX = h[1].x
                    segmentEdges[SegmentKey(a: h[0], b: h[1]), default: []].append(key)
                    segmentEdges[SegmentKey(a: Point(x: trunkX, y: h[h.count - 1].y), b: h[h.count - 1]), default: []].append(key)
                    let trunk = Point(x: trunkX, y: layer[v])
                    let (lo, hi) = trunkSpan[trunk] ?? (Int.max, Int.min)
                    trunkSpan[trunk] = (min(lo, h[0].y, h[h.count - 1].y), max(hi, h[0].y, h[h.count - 1].y))
                    trunkEdges[trunk, default: []].append(key)
                }
            }
            var segments: [LayoutSegment] = segmentEdges.map { LayoutSegment(from: $0.key.a, to: $0.key.b, edges: $0.value.sorted()) }
            for (t, span) in trunkSpan where span.0 < span.1 {
                segments.append(LayoutSegment(from: Point(x: t.x, y: span.0), to: Point(x: t.x, y: span.1), edges: trunkEdges[t]!.sorted()))
            }
            segments.sort { ($0.from.y, $0.from.x, $0.to.y, $0.to.x) < ($1.from.y, $1.from.x, $1.to.y, $1.to.x) }

            // Label slots on each branch into a real box, listing the edges that use it.
            var slotEdges: [Int: [Int: [EdgeKey]]] = [:]  // target -> group -> edges
            for (key, chain) in chains {
                for (v, w) in zip(chain, chain.dropFirst()) where !isDummy(w) {
                    slotEdges[w, default: [:]][groupOf[v] ?? 0, default: []].append(key)
                }
            }
            var labels: [LabelSlot] = []
            for (l, gs) in groups.enumerated() {
                let start = layerX[l] + o.boxWidth + 2 * gs.count + 1
                for (gi, g) in gs.enumerated() {
                    for t in succ[g[0]].sorted() where !isDummy(t) {
                        let ty = targetPortY(t, group: arrivalIndex[t]?[gi] ?? 0)
                        let keys = (slotEdges[t]?[gi] ?? []).sorted()
                        labels.append(LabelSlot(origin: Point(x: start, y: ty), width: o.labelWidth, arrow: Point(x: rect[t]!.x - 1, y: ty), edges: keys))
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
