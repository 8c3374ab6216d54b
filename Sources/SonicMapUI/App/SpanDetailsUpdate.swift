/// The span details over the timeline. They have no state of their own but
/// `TimelineState.showDetails`: they show the timeline's selected span.
extension TimelineState {
    /// The span details' `update`: the next or previous span of the timeline (its scroll
    /// stays), and Esc closes the details.
    mutating func updateDetails(_ action: KeyAction?) -> [ViewEffect] {
        switch action {
        case .back?: showDetails = false
        case .moveDown?: selectedRow = min(rows.count - 1, selectedRow + 1)
        case .moveUp?: selectedRow = max(0, selectedRow - 1)
        default: break
        }
        return []
    }
}
