import SonicMapCore

/// The table view's `update`: moving, sorting, nodes or edges happen here; the filter
/// line, the map and the requests behind a row are asked of the app.
extension TableState {
    /// Carries out a table key's action over the rows of `map`, paging by the rows on `screen`.
    mutating func update(_ action: KeyAction?, map: ServiceMap, screen: ScreenLayout) -> [ViewEffect] {
        let rows = rows(of: map)
        let visible = screen.tableRows
        if ListCursor.apply(action, selected: &selectedRow, scroll: &scroll, count: rows.count, visible: visible) { return [] }
        var effects: [ViewEffect] = []
        let columns = Self.columns.count
        switch action {
        case .sortNext?: sortColumn = (sortColumn + 1) % columns
        case .sortPrevious?: sortColumn = (sortColumn + columns - 1) % columns
        case .reverseSort?: descending.toggle()
        case .toggleKind?:
            kind = kind == .nodes ? .edges : .nodes
            selectedRow = 0
        case .filter?: effects = [.edit(.filter)]
        case .back?:
            if filter.isEmpty { effects = [.show(.map)] } else { filter = "" }
        case .open?:
            if rows.indices.contains(selectedRow) { return [.drillIn(rows[selectedRow].selection)] }
        case .toggleTable?:
            effects = [.show(.map)]
        default: break
        }
        selectedRow = max(0, min(selectedRow, rows.count - 1))
        scroll = ListCursor.scroll(scroll, selected: selectedRow, visible: visible)
        return effects
    }
}
