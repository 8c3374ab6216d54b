import SonicMapCore

/// The timeline's `update`: moving, folding, the critical path, zoom and filter matches
/// happen here; the filter line and going back are asked of the app.
extension TimelineState {
    /// Carries out a timeline key's action, paging by `screen.timelinePage` rows.
    mutating func update(_ action: KeyAction?, screen: ScreenLayout) -> [ViewEffect] {
        let visible = screen.timelinePage
        if ListCursor.apply(action, selected: &selectedRow, scroll: &scroll, count: rows.count, visible: visible) { return [] }
        var effects: [ViewEffect] = []
        switch action {
        case .collapse?: setCollapsed(true)
        case .expand?: setCollapsed(false)
        case .collapseAll?: setAllCollapsed(true)
        case .expandAll?: setAllCollapsed(false)
        case .criticalPath?: toggleCriticalOnly()
        case .zoom?: toggleZoom()
        case .nextMatch?: jumpMatch(forward: true)
        case .previousMatch?: jumpMatch(forward: false)
        case .filter?: effects = [.edit(.filter)]
        case .details?: showDetails = true
        case .back?:
            // Esc undoes the zoom, then the filter, then leaves the timeline.
            if zoom != nil { zoom = nil } else if !filter.isEmpty { filter = ""; matches = [] } else { return [.back] }
        default: break
        }
        selectedRow = max(0, min(selectedRow, max(0, rows.count - 1)))
        scroll = ListCursor.scroll(scroll, selected: selectedRow, visible: visible)
        return effects
    }
}
