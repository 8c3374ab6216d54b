import SonicMapCore

/// What a view's `update` asks of the app around it, as the commands of a bubbletea child
/// model send messages back to its parent: the things only the app can do, because they
/// touch what the views share (the view on screen, the input line, the map, searches).
enum ViewEffect: Equatable {
    /// Back to the view the user came from.
    case back
    /// Another view, without remembering this one for Esc (`t`).
    case show(ViewMode)
    /// The requests behind a node or edge.
    case drillIn(Selection)
    /// A request's timeline: at once when the trace is held, else once fetched.
    case openTrace(TraceID)
    /// The requests' search: the first page again, or the next older page.
    case search(older: Bool)
    /// The input line for `purpose`, starting from the text it edits now.
    case edit(TextInput.Purpose)
    /// A one-off message for the status line.
    case say(String)
    /// The map grouped by the next grouping (`g`).
    case regroup
    /// The selected node's group collapsed, or expanded again (`-`/`+`).
    case fold(collapse: Bool)
}

extension AppState {
    /// Carries out what a view's `update` asked, in order, and returns the work for the
    /// outside world.
    mutating func perform(_ effects: [ViewEffect]) -> [AppCommand] {
        var commands: [AppCommand] = []
        for effect in effects {
            switch effect {
            case .back: goBack()
            case .show(let view): mode = view
            case .drillIn(let selection): commands += drillIn(selection)
            case .openTrace(let id): commands += openTrace(id)
            case .search(let older): commands += searchTraces(older: older)
            case .edit(let purpose): chrome.input = TextInput(purpose: purpose, text: editedText(purpose))
            case .say(let text): chrome.message = text
            case .regroup: if !refuseOffline("regrouping") { regroup(by: settings.grouping.next) }
            case .fold(let collapse):
                fold(collapse: collapse)
                mapView.scrollSelectionIntoView(on: screen)
            }
        }
        return commands
    }

    /// The text an input line starts from: the filter or query it edits.
    private func editedText(_ purpose: TextInput.Purpose) -> String {
        switch purpose {
        case .filter where mode == .timeline: timeline?.filter ?? ""
        case .filter: table.filter
        case .query: traces?.query ?? ""
        case .command, .export, .confirm: ""
        }
    }
}
