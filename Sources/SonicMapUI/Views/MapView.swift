import SonicMapCore

/// The service map: boxes for nodes, box-drawing lines for edges, rates on the branches.
public enum MapView {
    /// Canvas position of the layout's (0, 0): the map area's corner, minus the pan,
    /// centred when the map is smaller than the area.
    public static func origin(_ s: AppState) -> Point {
        let area = ScreenLayout(width: s.width, height: s.height).map
        let dx = max(1, (area.width - s.layout.width) / 2)
        let dy = max(0, (area.height - s.layout.height) / 2)
        return Point(x: area.x + dx - s.pan.x, y: area.y + dy - s.pan.y)
    }

    /// Whether a polyline passes through cell `p`.
    public static func route(_ points: [Point], passes p: Point) -> Bool {
        for (a, b) in zip(points, points.dropFirst()) {
            if a.y == b.y, p.y == a.y, p.x >= min(a.x, b.x), p.x <= max(a.x, b.x) { return true }
            if a.x == b.x, p.x == a.x, p.y >= min(a.y, b.y), p.y <= max(a.y, b.y) { return true }
        }
        return false
    }

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let area = ScreenLayout(width: s.width, height: s.height).map
        let g = s.settings.glyphs
        let o = origin(s)
        if s.map.nodes.isEmpty {
            let msg = s.status.receivedAt == nil ? "waiting for the first refresh…" : "no edges in this window"
            canvas.put(msg, x: area.x + 2, y: area.y + 1, role: .muted, clip: area)
            return
        }
        let edges = s.map.edgesByKey
        // Looked up once: asking each MapEdge (a large value) per line and per sort step is what made big maps slow.
        let orphanKeys = Set(s.map.edges.lazy.filter(\.isOrphanEdge).map(\.key))
        let selectedEdge: EdgeKey? = if case .edge(let k)? = s.selection { k } else { nil }

        // Orphan lines first, so where lines cross the solid one wins the cell; then healthy
        // lines, then those whose every edge is at least a warning, worst last.
        var raster = LineRaster()
        let health = { (keys: [EdgeKey]) in edgeHealth(keys, edges: edges, orphans: orphanKeys, thresholds: s.settings.health) }
        let lines = s.layout.segments.map { seg in (seg, seg.edges.allSatisfy(orphanKeys.contains), health(seg.edges)) }
        for (seg, orphan, _) in lines where orphan { raster.add([seg.from, seg.to], role: .edgeOrphan, dashed: true) }
        for (seg, orphan, h) in lines.sorted(by: { $0.2 < $1.2 }) where !orphan {
            raster.add([seg.from, seg.to], role: h >= .warning ? NodeStyle.role(for: h) : .edge)
        }
        if let k = selectedEdge, let r = s.layout.routes[k] { raster.add(r, role: .edgeSelected) }
        raster.draw(on: &canvas, glyphs: g, offset: o, clip: area)

        // Arrowheads, one per branch: orphans first, the selected edge last; then the few
        // reversed edges, whose arrow points back at their start.
        let ranked = s.layout.labels.map { slot in
            (slot, slot.edges.contains { $0 == selectedEdge } ? 2 : (slot.edges.allSatisfy(orphanKeys.contains) ? 0 : 1))
        }
        for (slot, rank) in ranked.sorted(by: { $0.1 < $1.1 }) where !slot.edges.allSatisfy(s.layout.reversed.contains) {
            canvas.put(g.arrowRight, x: slot.arrow.x + o.x, y: slot.arrow.y + o.y, role: rank == 2 ? .edgeSelected : rank == 0 ? .edgeOrphan : .edge, clip: area)
        }
        for key in s.layout.reversed.sorted() {
            guard let first = s.layout.routes[key]?.first else { continue }
            canvas.put(g.arrowLeft, x: first.x + o.x, y: first.y + o.y, role: key == selectedEdge ? .edgeSelected : .edge, clip: area)
        }

        // Labels: the rate on each branch into a box. Where compact boxes make branches share
        // a row, the busiest non-orphan branch is drawn last and wins.
        let slots = s.layout.labels.map { slot -> (LabelSlot, (Int, Double, Int, Int)) in
            let rate = slot.edges.reduce(0.0) { $0 + (edges[$1]?.traffic.rate ?? 0) }
            return (slot, (slot.edges.allSatisfy(orphanKeys.contains) ? 0 : 1, rate, slot.origin.y, slot.origin.x))
        }.sorted { $0.1 < $1.1 }.map(\.0)
        for slot in slots where s.layoutOptions.labelWidth > 0 {
            let slotEdges = slot.edges.compactMap { edges[$0] }
            guard let shown = s.edgeLabels.label(slotEdges) else { continue }
            let text = DisplayWidth.truncate(shown, to: slot.width)
            let h = health(slot.edges)
            let role: Role = slot.edges.contains(where: { $0 == selectedEdge }) ? .edgeSelected : h >= .warning ? NodeStyle.role(for: h) : .muted
            canvas.put(text, x: slot.origin.x + o.x, y: slot.origin.y + o.y, role: role, clip: area)
        }

        for node in s.map.nodes {
            guard let box = s.layout.boxes[node.id] else { continue }
            let r = Rect(x: box.x + o.x, y: box.y + o.y, width: box.width, height: box.height)
            guard r.intersects(area) else { continue }
            drawNode(node, in: r, state: s, canvas: &canvas, clip: area)
        }
    }

    /// The health a line or label stands for: the least alarming of its non-orphan edges, so
    /// a line shared by several edges turns to warning only when all of them are.
    static func edgeHealth(_ keys: [EdgeKey], edges: [EdgeKey: MapEdge], orphans: Set<EdgeKey>, thresholds: HealthThresholds) -> Health {
        keys.filter { !orphans.contains($0) }.compactMap { edges[$0] }.map { thresholds.health($0.traffic) }.min() ?? .unknown
    }

    static func drawNode(_ node: MapNode, in r: Rect, state s: AppState, canvas: inout Canvas, clip: Rect) {
        let g = s.settings.glyphs
        let traffic = NodeStyle.primaryTraffic(node)
        let health = node.isVirtual ? Role.border : NodeStyle.health(traffic, thresholds: s.settings.health)
        let selected = s.selection == .node(node.id)
        var inner = Canvas(width: r.width, height: r.height, asciiOnly: g.isASCII)
        BoxWidget.draw(Rect(x: 0, y: 0, width: r.width, height: r.height), on: &inner, glyphs: g, role: selected ? .selection : health)
        let w = r.width - 2
        let nameRole: Role = selected ? .selection : NodeStyle.role(for: node.role)
        let name = DisplayWidth.truncate(node.label, to: w)
        let (rate, _) = NodeStyle.displayRate(node)
        let rateText = Formatting.rate(rate)
        let p95 = traffic.latency.p95
        let latency = p95.isKnown ? "p95 " + Formatting.quantile(p95) : ""
        if r.height >= 4 {
            inner.put(name, x: 1, y: 1, role: nameRole)
            let err = traffic.errorRatio.map { $0 > 0 ? Formatting.percent($0) : "" } ?? ""
            if !err.isEmpty, DisplayWidth.of(name) + DisplayWidth.of(err) + 1 <= w {
                inner.put(err, x: 1 + w - DisplayWidth.of(err), y: 1, role: health)
            }
            let roomy = rateText + "  " + latency, tight = rateText + " " + latency.replacingOccurrences(of: "p95 <", with: "p95<")
            if DisplayWidth.of(roomy) <= w || !p95.isKnown {
                inner.put(DisplayWidth.truncate(roomy, to: w), x: 1, y: 2, role: .text)
            } else if DisplayWidth.of(tight) <= w {
                inner.put(tight, x: 1, y: 2, role: .text)
            } else {
                // Narrow box: the rate on the left, the p95 value on the right.
                let q = Formatting.quantile(p95)
                inner.put(rateText, x: 1, y: 2, role: .text)
                inner.put(q, x: 1 + w - DisplayWidth.of(q), y: 2, role: DetailsPanel.latencyRole(p95))
            }
            if r.height >= 5 { extraLine(node).draw(on: &inner, x: 1, y: 3, width: w) }
        } else {
            let room = w - DisplayWidth.of(rateText) - 1
            // Short of room, a pod's suffix is what tells it from its siblings.
            let label = DisplayWidth.of(node.label) > room ? (PodName(node.id).suffix ?? node.label) : node.label
            inner.put(DisplayWidth.truncate(label, to: max(1, room)), x: 1, y: 1, role: nameRole)
            inner.put(rateText, x: 1 + w - DisplayWidth.of(rateText), y: 1, role: .text)
        }
        canvas.blit(inner, x: r.x, y: r.y, clip: clip)
    }

    /// The third line of a tall box: what the pod's own metrics say.
    static func extraLine(_ node: MapNode) -> StyledLine {
        if let t = node.triton {
            var runs: [(String, Role)] = []
            if let q = t.queueMs { runs += [("q ", .muted), (Formatting.duration(ms: q), .phaseQueue), (" ", .text)] }
            if let g = t.gpuUtilization { runs += [("gpu ", .muted), (Formatting.percent(g), .text)] }
            return StyledLine(runs)
        }
        if let e = node.envoy, let ms = e.downstreamRequestMs {
            return StyledLine([("avg ", .muted), (Formatting.duration(ms: ms), .text)])
        }
        return StyledLine()
    }
}
