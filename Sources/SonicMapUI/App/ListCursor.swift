/// Moving a selection through a list (table rows, requests, timeline spans) and keeping
/// it scrolled into view: the same actions everywhere.
enum ListCursor {
    /// The new selected index for a movement action, or nil for any other action.
    static func move(_ action: KeyAction?, selected: Int, count: Int, page: Int) -> Int? {
        let last = max(0, count - 1)
        switch action {
        case .moveDown?: return min(last, selected + 1)
        case .moveUp?: return max(0, selected - 1)
        case .pageDown?: return min(last, selected + max(1, page))
        case .pageUp?: return max(0, selected - max(1, page))
        case .first?: return 0
        case .last?: return last
        default: return nil
        }
    }

    /// The scroll offset that keeps `selected` among `visible` rows.
    static func scroll(_ scroll: Int, selected: Int, visible: Int) -> Int {
        let v = max(1, visible)
        if selected < scroll { return selected }
        if selected >= scroll + v { return selected - v + 1 }
        return scroll
    }

    /// Carries out a movement action on a cursor and the scroll that keeps it in view;
    /// false, changing nothing, for any other action.
    static func apply(_ action: KeyAction?, selected: inout Int, scroll: inout Int, count: Int, visible: Int) -> Bool {
        guard let i = move(action, selected: selected, count: count, page: visible) else { return false }
        selected = i
        scroll = Self.scroll(scroll, selected: i, visible: visible)
        return true
    }
}
