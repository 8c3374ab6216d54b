import SonicMapCore

/// The service map: boxes for nodes, box-drawing lines for edges, rates on the branches.
public enum MapView {
    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let area = s.screen.map
        let g = s.settings.glyphs
        let o = s.mapView.origin(on: s.screen)
        if s.map.nodes.isEmpty {
            let msg = s.status.receivedAt == nil ? "waiting for the first refresh…" : "no edges in this window"
            canvas.put(msg, x: area.x + 2, y: area.y + 1, role: .muted, clip: area)
            return
        }
        let edges = s.map.edgesByKey
        let selectedEdge: EdgeKey? = if case .edge(let k)? = s.mapView.selection { k } else { nil }
        // The part of the layout on screen, one cell wider each side so that junctions at
        // the border get their arms: only what falls in it is drawn, so a frame costs what
        // the screen shows, not what the whole map holds.
        let visible = Rect(x: area.x - o.x - 1, y: area.y - o.y - 1, width: area.width + 2, height: area.height + 2)
        func allOrphan(_ keys: [EdgeKey]) -> Bool { keys.allSatisfy { edges[$0]?.isOrphanEdge ?? false } }
        func allGone(_ keys: [EdgeKey]) -> Bool { keys.allSatisfy { edges[$0]?.isGone ?? false } }

        // Orphan lines first, so where lines cross the solid one wins the cell; lines of
        // edges that vanished are drawn muted, under the others; then healthy lines, then
        // those whose every edge is at least a warning, worst last.
        var raster = LineRaster()
        let health = { (keys: [EdgeKey]) in edgeHealth(keys, edges: edges, thresholds: s.settings.health) }
        let lines = s.mapView.layout.segments.compactMap { seg -> (Point, Point, [EdgeKey])? in
            clipped(seg.from, seg.to, to: visible).map { ($0.0, $0.1, seg.edges) }
        }.map { line in (line, allOrphan(line.2), allGone(line.2), health(line.2)) }
        for (line, orphan, gone, _) in lines where orphan { raster.add([line.0, line.1], role: gone ? .muted : .edgeOrphan, dashed: true) }
        for (line, orphan, gone, _) in lines where !orphan && gone { raster.add([line.0, line.1], role: .muted) }
        for (line, orphan, gone, h) in lines.sorted(by: { $0.3 < $1.3 }) where !orphan && !gone {
            raster.add([line.0, line.1], role: h >= .warning ? NodeStyle.role(for: h) : .edge)
        }
        if let k = selectedEdge, let r = s.mapView.layout.routes[k] { raster.add(r, role: .edgeSelected) }
        raster.draw(on: &canvas, glyphs: g, offset: o, clip: area)

        // Branches on screen: their arrowheads and labels.
        let slots = s.mapView.layout.labels.filter { slot in
            visible.contains(x: slot.arrow.x, y: slot.arrow.y)
                || (slot.origin.y >= visible.y && slot.origin.y < visible.maxY && slot.origin.x < visible.maxX && slot.origin.x + slot.width > visible.x)
        }

        // Arrowheads, one per branch: gone and orphan branches first, the selected edge last;
        // then the few reversed edges, whose arrow points back at their start.
        let ranked = slots.map { slot -> (LabelSlot, Int) in
            if slot.edges.contains(where: { $0 == selectedEdge }) { return (slot, 3) }
            if allGone(slot.edges) { return (slot, 0) }
            return (slot, allOrphan(slot.edges) ? 1 : 2)
        }
        for (slot, rank) in ranked.sorted(by: { $0.1 < $1.1 }) where !slot.edges.allSatisfy(s.mapView.layout.reversed.contains) {
            let role: Role = rank == 3 ? .edgeSelected : rank == 0 ? .muted : rank == 1 ? .edgeOrphan : .edge
            canvas.put(g.arrowRight, x: slot.arrow.x + o.x, y: slot.arrow.y + o.y, role: role, clip: area)
        }
        for key in s.mapView.layout.reversed.sorted() {
            guard let first = s.mapView.layout.routes[key]?.first, visible.contains(x: first.x, y: first.y) else { continue }
            canvas.put(g.arrowLeft, x: first.x + o.x, y: first.y + o.y, role: key == selectedEdge ? .edgeSelected : .edge, clip: area)
        }

        // Labels: the rate on each branch into a box. Where compact boxes make branches share
        // a row, the busiest non-orphan branch is drawn last and wins.
        let labelled = slots.map { slot -> (LabelSlot, (Int, Double, Int, Int)) in
            let rate = slot.edges.reduce(0.0) { $0 + (edges[$1]?.traffic.rate ?? 0) }
            return (slot, (allOrphan(slot.edges) ? 0 : 1, rate, slot.origin.y, slot.origin.x))
        }.sorted { $0.1 < $1.1 }.map(\.0)
        for slot in labelled where s.mapView.layoutOptions.labelWidth > 0 {
            let slotEdges = slot.edges.compactMap { edges[$0] }
            guard let shown = s.mapView.edgeLabels.label(slotEdges, comparison: s.feed.comparison) else { continue }
            let text = DisplayWidth.truncate(shown, to: slot.width)
            let h = health(slot.edges)
            let role: Role = slot.edges.contains(where: { $0 == selectedEdge }) ? .edgeSelected : h >= .warning ? NodeStyle.role(for: h) : .muted
            canvas.put(text, x: slot.origin.x + o.x, y: slot.origin.y + o.y, role: role, clip: area)
        }

        for node in s.map.nodes {
            guard let box = s.mapView.layout.boxes[node.id] else { continue }
            let r = Rect(x: box.x + o.x, y: box.y + o.y, width: box.width, height: box.height)
            guard r.intersects(area) else { continue }
            drawNode(node, in: r, state: s, canvas: &canvas, clip: area)
        }
    }

    /// The part of the horizontal or vertical line `a`–`b` inside `r`, or nil.
    static func clipped(_ a: Point, _ b: Point, to r: Rect) -> (Point, Point)? {
        let x0 = max(min(a.x, b.x), r.x), x1 = min(max(a.x, b.x), r.maxX - 1)
        let y0 = max(min(a.y, b.y), r.y), y1 = min(max(a.y, b.y), r.maxY - 1)
        guard x0 <= x1, y0 <= y1 else { return nil }
        return (Point(x: x0, y: y0), Point(x: x1, y: y1))
    }

    /// The health a line or label stands for: the least alarming of its non-orphan edges, so
    /// a line shared by several edges turns to warning only when all of them are. Lines below
    /// warning all look alike, so the first such edge ends the walk: a bus trunk carrying
    /// thousands of edges costs one look, not thousands, per frame.
    static func edgeHealth(_ keys: [EdgeKey], edges: [EdgeKey: MapEdge], thresholds: HealthThresholds) -> Health {
        var least: Health?
        for k in keys {
            guard let e = edges[k], !e.isOrphanEdge else { continue }
            let h = thresholds.health(e.traffic)
            if h < .warning { return h }
            least = min(least ?? h, h)
        }
        return least ?? .unknown
    }

    static func drawNode(_ node: MapNode, in r: Rect, state s: AppState, canvas: inout Canvas, clip: Rect) {
        let g = s.settings.glyphs
        let traffic = NodeStyle.primaryTraffic(node)
        // A node that vanished from the data is drawn muted with its last numbers, and says
        // how long ago it went in its top border; a collapsed group says how many it holds.
        let gone = node.isGone
        let own = node.displayRate
        let errorRatio = own.failedRate == nil ? traffic.errorRatio : own.errorRatio
        let th = s.settings.health
        let health = gone ? Role.muted : node.isVirtual ? Role.border
            : NodeStyle.role(for: max(th.health(errorRatio: errorRatio), th.health(p95: traffic.latency.p95)))
        let numbers: Role = gone ? .muted : .text
        let selected = s.mapView.selection == .node(node.id)
        var inner = Canvas(width: r.width, height: r.height, asciiOnly: g.isASCII)
        let title = NodeStyle.boxTitle(node, map: s.map, comparison: s.feed.comparison)
        BoxWidget.draw(
            Rect(x: 0, y: 0, width: r.width, height: r.height), on: &inner, glyphs: g, role: selected ? .selection : health,
            title: title, titleRole: gone ? .muted : .title)
        let w = r.width - 2
        let nameRole: Role = selected ? .selection : gone ? .muted : NodeStyle.role(for: node.role)
        let name = DisplayWidth.truncate(node.label, to: w)
        let rateText = Formatting.rate(own.rate)
        let p95 = traffic.latency.p95
        let latency = p95.isKnown ? traffic.latency.side.marker + "p95 " + Formatting.quantile(p95) : ""
        var third = extraLine(node)
        if r.height >= 4 {
            inner.put(name, x: 1, y: 1, role: nameRole)
            let err = errorRatio.map { $0 > 0 ? Formatting.percent($0) : "" } ?? ""
            if !err.isEmpty, DisplayWidth.of(name) + DisplayWidth.of(err) + 1 <= w {
                inner.put(err, x: 1 + w - DisplayWidth.of(err), y: 1, role: health)
            }
            let roomy = rateText + "  " + latency, tight = rateText + " " + latency.replacingOccurrences(of: "p95 <", with: "p95<")
            if DisplayWidth.of(roomy) <= w || !p95.isKnown {
                inner.put(DisplayWidth.truncate(roomy, to: w), x: 1, y: 2, role: numbers)
            } else if DisplayWidth.of(tight) <= w {
                inner.put(tight, x: 1, y: 2, role: numbers)
            } else {
                // Narrow box: the rate on the left, the p95 value on the right, with its side,
                // when both fit whole; else the rate alone (a number cut short would be false)
                // and the p95 moves down a line, before what the pod's metrics say.
                let q = traffic.latency.side.marker + Formatting.quantile(p95)
                let qRole: Role = gone ? .muted : DetailsPanel.latencyRole(p95)
                inner.put(DisplayWidth.truncate(rateText, to: w), x: 1, y: 2, role: numbers)
                if DisplayWidth.of(rateText) + 1 + DisplayWidth.of(q) <= w {
                    inner.put(q, x: 1 + w - DisplayWidth.of(q), y: 2, role: qRole)
                } else if DisplayWidth.of(q) <= w {
                    // Its own line then, labelled when it fits, before the pod's metrics if they fit too.
                    let labelled = latency.replacingOccurrences(of: "p95 <", with: "p95<")
                    let below = DisplayWidth.of(labelled) <= w ? labelled : q
                    let extra = third.runs
                    let extraWidth = DisplayWidth.of(extra.map(\.text).joined())
                    third = StyledLine([(below, qRole)])
                    if extraWidth > 0, DisplayWidth.of(below) + 2 + extraWidth <= w {
                        third = StyledLine(third.runs + [("  ", .text)] + extra)
                    }
                }
            }
            if r.height >= 5, !gone { third.draw(on: &inner, x: 1, y: 3, width: w) }
        } else {
            let room = w - DisplayWidth.of(rateText) - 1
            // Short of room, a pod's suffix is what tells it from its siblings.
            let label = DisplayWidth.of(node.label) > room ? (PodName(node.id).suffix ?? node.label) : node.label
            inner.put(DisplayWidth.truncate(label, to: max(1, room)), x: 1, y: 1, role: nameRole)
            inner.put(rateText, x: 1 + w - DisplayWidth.of(rateText), y: 1, role: numbers)
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
