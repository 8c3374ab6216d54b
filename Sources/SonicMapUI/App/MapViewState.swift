import SonicMapCore

/// The map view's own state: what is selected, the layout of the boxes, how far the map
/// is scrolled and what its edge labels show. The service map itself is shared
/// (`AppState.map`); this is how the map view looks at it.
public struct MapViewState: Equatable, Sendable {
    /// The node or edge selected; the table, the details panel and the requests read it too.
    public var selection: Selection?
    /// Where the boxes and lines go, recomputed when the topology or the screen changes.
    public var layout: MapLayout = .empty
    /// The box size the layout was fitted with.
    public var layoutOptions = LayoutOptions()
    /// Scroll offset in cells.
    public var pan = Point(x: 0, y: 0)
    /// What the labels on the branches show (`m`).
    public var edgeLabels: EdgeLabelMode = .rate

    public init() {}

    /// Canvas position of the layout's (0, 0) on `screen`.
    public func origin(on screen: ScreenLayout) -> Point { screen.mapOrigin(of: layout, pan: pan) }

    /// Lays `map` out again when its topology or the space for it changed.
    mutating func relayout(_ map: ServiceMap, on screen: ScreenLayout, force: Bool) {
        if !force, layout.boxes.count == map.nodes.count, Set(layout.boxes.keys) == Set(map.nodes.map(\.id)),
           Set(layout.routes.keys) == Set(map.edges.map(\.key)) {
            return
        }
        (layoutOptions, layout) = MapFitter.fit(map.topology, into: screen.map, previous: layout.layers)
        clampPan(on: screen)
    }

    /// Keeps the pan inside the layout.
    mutating func clampPan(on screen: ScreenLayout) {
        let area = screen.map
        pan.x = max(0, min(pan.x, layout.width - area.width + 2))
        pan.y = max(0, min(pan.y, layout.height - area.height + 2))
    }

    /// Pans so that the selected box is on screen.
    mutating func scrollSelectionIntoView(on screen: ScreenLayout) {
        guard case .node(let id)? = selection, let box = layout.boxes[id] else { return }
        let area = screen.visibleMap
        if box.x - pan.x < 0 { pan.x = box.x }
        if box.maxX - pan.x > area.width - 1 { pan.x = box.maxX - area.width + 1 }
        if box.y - pan.y < 0 { pan.y = box.y }
        if box.maxY - pan.y > area.height { pan.y = box.maxY - area.height }
        clampPan(on: screen)
    }

    /// The box, else the edge's line, under canvas cell (`x`, `y`).
    func item(atX x: Int, y: Int, on screen: ScreenLayout) -> Selection? {
        let o = origin(on: screen)
        return MapNavigation.item(at: Point(x: x - o.x, y: y - o.y), layout)
    }
}
