/// Moving a selection through a list (table rows, requests, timeline spans) and keeping
/// it scrolled into view: the same keys everywhere.
enum ListCursor {
    /// The new selected index for a movement key, or nil if `key` does not move.
    static func move(_ key: Key, selected: Int, count: Int, page: Int) -> Int? {
        let last = max(0, count - 1)
        switch key {
        case .char("j"), .down: return min(last, selected + 1)
        case .char("k"), .up: return max(0, selected - 1)
        case .pageDown, .ctrl("d"): return min(last, selected + max(1, page))
        case .pageUp, .ctrl("u"): return max(0, selected - max(1, page))
        case .home, .char("g"): return 0
        case .end, .char("G"): return last
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
}
