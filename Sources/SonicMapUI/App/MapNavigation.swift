import SonicMapCore

/// Moving the selection around the laid-out map.
enum MapNavigation {
    /// Nodes in reading order: layer by layer, top to bottom.
    static func nodeOrder(_ layout: MapLayout) -> [String] {
        layout.layers.flatMap { $0 }
    }

    /// The cycle Tab walks: every node, then every edge.
    static func cycle(_ map: ServiceMap, _ layout: MapLayout) -> [Selection] {
        nodeOrder(layout).map(Selection.node) + map.edges.map { Selection.edge($0.key) }
    }

    static func step(_ current: Selection?, by delta: Int, in items: [Selection]) -> Selection? {
        guard !items.isEmpty else { return nil }
        guard let current, let i = items.firstIndex(of: current) else { return delta >= 0 ? items.first : items.last }
        return items[(i + delta + items.count) % items.count]
    }

    /// The node above or below in the same layer.
    static func vertical(from id: String, by delta: Int, _ layout: MapLayout) -> String? {
        for layer in layout.layers {
            guard let i = layer.firstIndex(of: id) else { continue }
            let j = i + delta
            return layer.indices.contains(j) ? layer[j] : nil
        }
        return nil
    }

    /// The neighbour in the layer to the left or right: a connected node closest in
    /// height if there is one, else the closest node of that layer.
    static func horizontal(from id: String, toRight: Bool, _ map: ServiceMap, _ layout: MapLayout) -> String? {
        guard let li = layout.layers.firstIndex(where: { $0.contains(id) }), let box = layout.boxes[id] else { return nil }
        var target = li + (toRight ? 1 : -1)
        while layout.layers.indices.contains(target) {
            let layer = layout.layers[target]
            let connected = Set(map.edges.compactMap { e -> String? in
                toRight ? (e.key.client == id ? e.key.server : nil) : (e.key.server == id ? e.key.client : nil)
            })
            let pool = layer.filter { connected.contains($0) }
            let candidates = pool.isEmpty ? layer : pool
            if let best = candidates.min(by: { distance(layout.boxes[$0], box) < distance(layout.boxes[$1], box) }) {
                return best
            }
            target += toRight ? 1 : -1
        }
        return nil
    }

    /// The box, else the edge's line, at layout cell `p`: what a click there selects.
    static func item(at p: Point, _ layout: MapLayout) -> Selection? {
        if let id = layout.boxes.first(where: { $0.value.contains(x: p.x, y: p.y) })?.key { return .node(id) }
        return layout.routes.keys.sorted().first { route(layout.routes[$0]!, passes: p) }.map(Selection.edge)
    }

    /// Whether a polyline passes through cell `p`.
    static func route(_ points: [Point], passes p: Point) -> Bool {
        for (a, b) in zip(points, points.dropFirst()) {
            if a.y == b.y, p.y == a.y, p.x >= min(a.x, b.x), p.x <= max(a.x, b.x) { return true }
            if a.x == b.x, p.x == a.x, p.y >= min(a.y, b.y), p.y <= max(a.y, b.y) { return true }
        }
        return false
    }

    private static func distance(_ a: Rect?, _ b: Rect) -> Int {
        guard let a else { return Int.max }
        return abs((a.y + a.height / 2) - (b.y + b.height / 2))
    }
}
