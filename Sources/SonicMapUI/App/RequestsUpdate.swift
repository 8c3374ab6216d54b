import SonicMapCore

/// The requests view's `update`: moving, pages already fetched and the presets happen
/// here; searching, the query line, a timeline and going back are asked of the app.
extension TracesState {
    /// Carries out a requests key's action, paging by the `visible` rows on screen;
    /// `map` names the rows' pods and models.
    mutating func update(_ action: KeyAction?, map: ServiceMap, visible: Int) -> [ViewEffect] {
        var effects: [ViewEffect] = []
        if let i = ListCursor.move(action, selected: selectedRow, count: rows.count, page: visible) {
            selectedRow = i
        } else {
            switch action {
            case .back?: effects = [.back]
            case .open?:
                if rows.indices.contains(selectedRow) { return [.openTrace(rows[selectedRow].traceID)] }
            case .editQuery?: effects = [.edit(.query)]
            case .searchAgain?:
                return [.search(older: false)]
            case .slowestFirst?, .errorsOnly?:
                choose(action == .slowestFirst ? .slowest : .errors)
                rebuildRows(map: map)
                return [.search(older: false)]
            case .olderPage?:
                if !turnPage(1, map: map) { return [.search(older: true)] }
            case .newerPage?:
                if !turnPage(-1, map: map) { effects = [.say("this is the newest page")] }
            default: break
            }
        }
        scroll = ListCursor.scroll(scroll, selected: selectedRow, visible: visible)
        return effects
    }
}
