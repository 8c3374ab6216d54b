import SonicMapCore

/// Keys and the mouse: `KeyMap` says which action a key means in the view on screen;
/// what every view does alike (quit, help, `:`, export, pause) happens here, the rest is
/// routed to the model of the view on screen, whose `ViewEffect`s the app carries out.
extension AppState {
    /// The scope whose bindings apply now.
    var keyScope: KeyScope { KeyScope(mode: mode, spanDetails: mode == .timeline && timeline?.showDetails == true) }

    mutating func handleKey(_ key: Key) -> [AppCommand] {
        chrome.message = nil
        if chrome.input != nil { return handleInput(key) }
        if chrome.showHelp {
            if KeyMap.action(for: key, in: .global) == .quit { return [.quit(exitCode: 0)] }
            chrome.showHelp = false
            return []
        }
        let scope = keyScope
        let action = KeyMap.action(for: key, in: scope)
        switch action {
        case .quit?: return [.quit(exitCode: 0)]
        case .help?:
            chrome.showHelp = true
            return []
        case .command?:
            chrome.input = TextInput(purpose: .command)
            return []
        case .export?:
            startExport()
            return []
        case .stepBack?, .stepForward?:
            return stepInTime(back: action == .stepBack)
        case .copyTraceID?: return copyTraceID()
        case .linkToGrafana?: return linkToGrafana()
        default: break
        }
        // A list or timeline with nothing to show: back to where the user came from.
        if (scope == .requests && traces == nil) || ((scope == .timeline || scope == .span) && timeline == nil) {
            goBack()
            return []
        }
        if let action, action == .pause || action == .refresh { return pauseOrRefresh(action) }
        return perform(update(scope, action))
    }

    /// Hands `action` to the model of the view whose keys `scope` holds.
    private mutating func update(_ scope: KeyScope, _ action: KeyAction?) -> [ViewEffect] {
        switch scope {
        case .global, .map:
            return mapView.update(action, map: map, screen: screen)
        case .table:
            return table.update(action, map: map, screen: screen)
        case .requests:
            let info = traces?.infoLines(on: screen, source: status.sourceSummary).count ?? 0
            return traces?.update(action, map: map, visible: screen.requestRows(infoLines: info)) ?? []
        case .timeline:
            return timeline?.update(action, screen: screen) ?? []
        case .span:
            return timeline?.updateDetails(action) ?? []
        }
    }

    /// Esc: back to where the user came from.
    mutating func goBack() {
        if let previous = backStack.popLast() { mode = previous }
    }

    /// `p` pauses or resumes updates, `r` refreshes now: both need a live source.
    mutating func pauseOrRefresh(_ action: KeyAction) -> [AppCommand] {
        if refuseOffline(action == .pause ? "pausing" : "refreshing") { return [] }
        if action == .refresh { return [.refreshNow] }
        settings.paused.toggle()
        return [.setPaused(settings.paused)]
    }

    mutating func handleInput(_ key: Key) -> [AppCommand] {
        guard var line = chrome.input else { return [] }
        if case .confirm = line.purpose {
            chrome.input = nil
            return answerOverwrite(key == .char("y") || key == .char("Y"))
        }
        switch key {
        case .escape:
            chrome.input = nil
        case .enter:
            chrome.input = nil
            switch line.purpose {
            case .filter where mode == .timeline:
                timeline?.applyFilter(line.text)
                chrome.message = timeline.map { "\($0.matches.count) spans match “\(line.text)” · n/N next/previous" }
            case .query:
                traces?.edit(query: line.text)
                return searchTraces(older: false)
            case .filter:
                table.filter = line.text
                table.selectedRow = 0
                mode = .table
            case .export:
                return confirmExport(line.text)
            case .confirm:
                return []
            case .command:
                let text = line.text.split(separator: " ").joined(separator: " ")
                if !text.isEmpty, chrome.commandHistory.last != text { chrome.commandHistory.append(text) }
                if chrome.commandHistory.count > 100 { chrome.commandHistory.removeFirst() }
                return run(command: text)
            }
        default:
            _ = line.edit(key, history: line.purpose == .command ? chrome.commandHistory : [])
            chrome.input = line
        }
        return []
    }

    /// The mouse acts on the map: a click only while the map is on screen, the wheel
    /// scrolls it whatever view is.
    mutating func handleMouse(_ m: MouseEvent) -> [AppCommand] {
        guard settings.mouse else { return [] }
        if chrome.showHelp {
            chrome.showHelp = false
            return []
        }
        if m.action == .press || m.action == .doubleClick, mode != .map { return [] }
        return perform(mapView.update(m, screen: screen))
    }
}
