import SonicMapCore

/// The map view's `update`: moving the selection, panning and the edge labels happen
/// here; drilling in, the table, regrouping and folding are asked of the app.
extension MapViewState {
    /// Carries out a map key's action over `map`, keeping the selection on `screen`.
    mutating func update(_ action: KeyAction?, map: ServiceMap, screen: ScreenLayout) -> [ViewEffect] {
        var effects: [ViewEffect] = []
        switch action {
        case .open?:
            if let sel = selection { return [.drillIn(sel)] }
        case .filter?:
            effects = [.edit(.filter)]
        case .back?:
            selection = nil
        case .cycleNext?:
            selection = MapNavigation.step(selection, by: 1, in: MapNavigation.cycle(map, layout))
        case .cyclePrevious?:
            selection = MapNavigation.step(selection, by: -1, in: MapNavigation.cycle(map, layout))
        case .selectBelow?:
            moveVertically(1)
        case .selectAbove?:
            moveVertically(-1)
        case .selectRight?:
            moveHorizontally(toRight: true, in: map)
        case .selectLeft?:
            moveHorizontally(toRight: false, in: map)
        case .panLeft?, .panRight?:
            pan.x += action == .panLeft ? -8 : 8
            clampPan(on: screen)
        case .panUp?, .panDown?:
            pan.y += action == .panUp ? -4 : 4
            clampPan(on: screen)
        case .cycleEdgeLabels?:
            edgeLabels = edgeLabels.next(comparing: edgeLabels.isDelta)
            effects = [.say("edge labels: \(edgeLabels.rawValue)")]
        case .collapseGroup?, .expandGroup?:
            return [.fold(collapse: action == .collapseGroup)]
        case .regroup?:
            return [.regroup]
        case .toggleTable?:
            effects = [.show(.table)]
        default:
            break
        }
        scrollSelectionIntoView(on: screen)
        return effects
    }

    /// The mouse on the map: the wheel scrolls, a click selects the box or line under it,
    /// and a double click drills in, as Enter does.
    mutating func update(_ m: MouseEvent, screen: ScreenLayout) -> [ViewEffect] {
        switch m.action {
        case .wheelUp:
            pan.y -= 2
            clampPan(on: screen)
        case .wheelDown:
            pan.y += 2
            clampPan(on: screen)
        case .press, .doubleClick:
            guard let hit = item(atX: m.x, y: m.y, on: screen) else { return [] }
            selection = hit
            if m.action == .doubleClick { return [.drillIn(hit)] }
        }
        return []
    }

    private mutating func moveVertically(_ delta: Int) {
        let order = MapNavigation.nodeOrder(layout)
        guard case .node(let id)? = selection else {
            selection = (delta > 0 ? order.first : order.last).map(Selection.node)
            return
        }
        if let next = MapNavigation.vertical(from: id, by: delta, layout) { selection = .node(next) }
    }

    private mutating func moveHorizontally(toRight: Bool, in map: ServiceMap) {
        let order = MapNavigation.nodeOrder(layout)
        switch selection {
        case .node(let id)?:
            if let next = MapNavigation.horizontal(from: id, toRight: toRight, map, layout) { selection = .node(next) }
        case .edge(let k)?:
            selection = .node(toRight ? k.server : k.client)
        case nil:
            selection = order.first.map(Selection.node)
        }
    }
}
