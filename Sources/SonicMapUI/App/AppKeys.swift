import SonicMapCore

/// Keys: `KeyMap` says which action a key means in the view on screen, and these
/// functions carry the action out, one per view.
extension AppState {
    /// The scope whose bindings apply now.
    var keyScope: KeyScope { KeyScope(mode: mode, spanDetails: mode == .timeline && timeline?.showDetails == true) }

    mutating func handleKey(_ key: Key) -> [AppCommand] {
        message = nil
        if input != nil { return handleInput(key) }
        if showHelp {
            if KeyMap.action(for: key, in: .global) == .quit { return [.quit(exitCode: 0)] }
            showHelp = false
            return []
        }
        let scope = keyScope
        let action = KeyMap.action(for: key, in: scope)
        switch action {
        case .quit?: return [.quit(exitCode: 0)]
        case .help?:
            showHelp = true
            return []
        case .command?:
            input = TextInput(purpose: .command)
            return []
        case .export?:
            startExport()
            return []
        default: break
        }
        switch scope {
        case .global, .map: return performMap(action)
        case .table: return performTable(action)
        case .requests: return performRequests(action)
        case .timeline: return performTimeline(action)
        case .span: return performSpan(action)
        }
    }

    /// Esc: back to where the user came from.
    mutating func goBack() {
        if let previous = backStack.popLast() { mode = previous }
    }

    mutating func performRequests(_ action: KeyAction?) -> [AppCommand] {
        guard var t = traces else { goBack(); return [] }
        let screen = ScreenLayout(width: width, height: height)
        let visible = screen.requestRows(infoLines: t.infoLines(on: screen, source: status.sourceSummary).count)
        if let i = ListCursor.move(action, selected: t.selectedRow, count: t.rows.count, page: visible) {
            t.selectedRow = i
        } else {
            switch action {
            case .back?: goBack()
            case .open?:
                if t.rows.indices.contains(t.selectedRow) {
                    traces = t
                    return openTrace(t.rows[t.selectedRow].traceID)
                }
            case .editQuery?: input = TextInput(purpose: .query, text: t.query)
            case .searchAgain?:
                traces = t
                return searchTraces(older: false)
            case .slowestFirst?, .errorsOnly?:
                t.choose(action == .slowestFirst ? .slowest : .errors)
                t.rebuildRows(map: map)
                traces = t
                return searchTraces(older: false)
            case .olderPage?:
                if !t.turnPage(1, map: map) {
                    traces = t
                    return searchTraces(older: true)
                }
            case .newerPage?:
                if !t.turnPage(-1, map: map) { message = "this is the newest page" }
            case .pause?:
                traces = t
                return pauseOrRefresh(.pause)
            default: break
            }
        }
        t.scroll = ListCursor.scroll(t.scroll, selected: t.selectedRow, visible: visible)
        traces = t
        return []
    }

    mutating func performSpan(_ action: KeyAction?) -> [AppCommand] {
        guard var t = timeline else { goBack(); return [] }
        switch action {
        case .back?: t.showDetails = false
        case .moveDown?: t.selectedRow = min(t.rows.count - 1, t.selectedRow + 1)
        case .moveUp?: t.selectedRow = max(0, t.selectedRow - 1)
        case .pause?, .refresh?:
            timeline = t
            return pauseOrRefresh(action!)
        default: break
        }
        timeline = t
        return []
    }

    mutating func performTimeline(_ action: KeyAction?) -> [AppCommand] {
        guard var t = timeline else { goBack(); return [] }
        let visible = ScreenLayout(width: width, height: height).timelinePage
        if let i = ListCursor.move(action, selected: t.selectedRow, count: t.rows.count, page: visible) {
            t.selectedRow = i
            t.scroll = ListCursor.scroll(t.scroll, selected: i, visible: visible)
            timeline = t
            return []
        }
        switch action {
        case .collapse?: t.setCollapsed(true)
        case .expand?: t.setCollapsed(false)
        case .collapseAll?: t.setAllCollapsed(true)
        case .expandAll?: t.setAllCollapsed(false)
        case .criticalPath?: t.toggleCriticalOnly()
        case .zoom?: t.toggleZoom()
        case .nextMatch?: t.jumpMatch(forward: true)
        case .previousMatch?: t.jumpMatch(forward: false)
        case .filter?: input = TextInput(purpose: .filter, text: t.filter)
        case .details?: t.showDetails = true
        case .pause?, .refresh?:
            timeline = t
            return pauseOrRefresh(action!)
        case .back?:
            if t.zoom != nil { t.zoom = nil } else if !t.filter.isEmpty { t.filter = ""; t.matches = [] } else {
                timeline = t
                goBack()
                return []
            }
        default: break
        }
        t.selectedRow = max(0, min(t.selectedRow, max(0, t.rows.count - 1)))
        t.scroll = ListCursor.scroll(t.scroll, selected: t.selectedRow, visible: visible)
        timeline = t
        return []
    }

    mutating func performMap(_ action: KeyAction?) -> [AppCommand] {
        switch action {
        case .open?:
            if let sel = selection { return drillIn(sel) }
        case .filter?:
            input = TextInput(purpose: .filter, text: table.filter)
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
            moveHorizontally(toRight: true)
        case .selectLeft?:
            moveHorizontally(toRight: false)
        case .panLeft?, .panRight?:
            pan.x += action == .panLeft ? -8 : 8
            clampPan()
        case .panUp?, .panDown?:
            pan.y += action == .panUp ? -4 : 4
            clampPan()
        case .cycleEdgeLabels?:
            edgeLabels = edgeLabels.next
            message = "edge labels: \(edgeLabels.rawValue)"
        case .collapseGroup?, .expandGroup?:
            fold(collapse: action == .collapseGroup)
        case .regroup?:
            if refuseOffline("regrouping") { return [] }
            settings.grouping = settings.grouping.next
            selection = nil
            rebuildMap()
        case .toggleTable?:
            mode = .table
        case .pause?, .refresh?:
            return pauseOrRefresh(action!)
        default:
            break
        }
        scrollSelectionIntoView()
        return []
    }

    mutating func performTable(_ action: KeyAction?) -> [AppCommand] {
        let rows = table.rows(of: map)
        let count = rows.count
        let visible = ScreenLayout(width: width, height: height).tableRows
        if let i = ListCursor.move(action, selected: table.selectedRow, count: count, page: visible) {
            table.selectedRow = i
            table.scroll = ListCursor.scroll(table.scroll, selected: i, visible: visible)
            return []
        }
        switch action {
        case .sortNext?: table.sortColumn = (table.sortColumn + 1) % TableState.columns.count
        case .sortPrevious?: table.sortColumn = (table.sortColumn + TableState.columns.count - 1) % TableState.columns.count
        case .reverseSort?: table.descending.toggle()
        case .toggleKind?:
            table.kind = table.kind == .nodes ? .edges : .nodes
            table.selectedRow = 0
        case .filter?: input = TextInput(purpose: .filter, text: table.filter)
        case .back?:
            if table.filter.isEmpty { mode = .map } else { table.filter = "" }
        case .open?:
            if rows.indices.contains(table.selectedRow) { return drillIn(rows[table.selectedRow].selection) }
        case .toggleTable?:
            mode = .map
        case .pause?, .refresh?:
            return pauseOrRefresh(action!)
        default: break
        }
        table.selectedRow = max(0, min(table.selectedRow, count - 1))
        table.scroll = ListCursor.scroll(table.scroll, selected: table.selectedRow, visible: visible)
        return []
    }

    /// `p` pauses or resumes updates, `r` refreshes now: both need a live source.
    mutating func pauseOrRefresh(_ action: KeyAction) -> [AppCommand] {
        if refuseOffline(action == .pause ? "pausing" : "refreshing") { return [] }
        if action == .refresh { return [.refreshNow] }
        settings.paused.toggle()
        return [.setPaused(settings.paused)]
    }

    mutating func handleInput(_ key: Key) -> [AppCommand] {
        guard var line = input else { return [] }
        if case .confirm = line.purpose {
            input = nil
            return answerOverwrite(key == .char("y") || key == .char("Y"))
        }
        switch key {
        case .escape:
            input = nil
        case .enter:
            input = nil
            switch line.purpose {
            case .filter where mode == .timeline:
                timeline?.applyFilter(line.text)
                message = timeline.map { "\($0.matches.count) spans match “\(line.text)” · n/N next/previous" }
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
                if !text.isEmpty, commandHistory.last != text { commandHistory.append(text) }
                if commandHistory.count > 100 { commandHistory.removeFirst() }
                return run(command: text)
            }
        default:
            _ = line.edit(key, history: line.purpose == .command ? commandHistory : [])
            input = line
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

    private mutating func moveHorizontally(toRight: Bool) {
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

    /// Pans so that the selected box is on screen.
    mutating func scrollSelectionIntoView() {
        guard case .node(let id)? = selection, let box = layout.boxes[id] else { return }
        let area = ScreenLayout(width: width, height: height).visibleMap
        if box.x - pan.x < 0 { pan.x = box.x }
        if box.maxX - pan.x > area.width - 1 { pan.x = box.maxX - area.width + 1 }
        if box.y - pan.y < 0 { pan.y = box.y }
        if box.maxY - pan.y > area.height { pan.y = box.maxY - area.height }
        clampPan()
    }

    mutating func handleMouse(_ m: MouseEvent) -> [AppCommand] {
        guard settings.mouse else { return [] }
        if showHelp {
            showHelp = false
            return []
        }
        switch m.action {
        case .wheelUp:
            pan.y -= 2
            clampPan()
        case .wheelDown:
            pan.y += 2
            clampPan()
        case .press, .doubleClick:
            guard mode == .map else { return [] }
            let origin = ScreenLayout(width: width, height: height).mapOrigin(of: layout, pan: pan)
            guard let hit = MapNavigation.item(at: Point(x: m.x - origin.x, y: m.y - origin.y), layout) else { return [] }
            selection = hit
            // A double click drills in, as Enter does.
            if m.action == .doubleClick, let sel = selection { return drillIn(sel) }
        }
        return []
    }
}
