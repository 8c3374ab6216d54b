import SonicMapCore

extension AppState {
    mutating func handleKey(_ key: Key) -> [AppCommand] {
        message = nil
        if input != nil { return handleInput(key) }
        if showHelp {
            switch key {
            case .char("q"): return [.quit(exitCode: 0)]
            default:
                showHelp = false
                return []
            }
        }
        switch key {
        case .char("q"), .ctrl("c"):
            return [.quit(exitCode: 0)]
        case .char("?"):
            showHelp = true
        case .char(":"):
            input = TextInput(purpose: .command)
        case .char("e"):
            startExport()
        case .char("t") where mode == .map || mode == .table:
            mode = mode == .map ? .table : .map
        default:
            switch mode {
            case .map: return handleMapKey(key)
            case .table: return handleTableKey(key)
            case .traces: return handleTracesKey(key)
            case .timeline: return handleTimelineKey(key)
            }
        }
        return []
    }

    /// Esc: back to where the user came from.
    mutating func goBack() {
        if let previous = backStack.popLast() { mode = previous }
    }

    mutating func handleTracesKey(_ key: Key) -> [AppCommand] {
        guard var t = traces else { goBack(); return [] }
        let visible = TracesView.visibleRows(self, t)
        if let i = ListCursor.move(key, selected: t.selectedRow, count: t.rows.count, page: visible) {
            t.selectedRow = i
        } else {
            switch key {
            case .escape, .backspace: goBack()
            case .enter:
                if t.rows.indices.contains(t.selectedRow) {
                    traces = t
                    return openTrace(t.rows[t.selectedRow].traceID)
                }
            case .char("/"): input = TextInput(purpose: .query, text: t.query)
            case .char("r"):
                traces = t
                return searchTraces(older: false)
            case .char("s"), .char("x"):
                t.choose(key == .char("s") ? .slowest : .errors)
                t.rebuildRows(map: map)
                traces = t
                return searchTraces(older: false)
            case .char("]"):
                if !t.turnPage(1, map: map) {
                    traces = t
                    return searchTraces(older: true)
                }
            case .char("["):
                if !t.turnPage(-1, map: map) { message = "this is the newest page" }
            default: break
            }
        }
        t.scroll = ListCursor.scroll(t.scroll, selected: t.selectedRow, visible: visible)
        traces = t
        return []
    }

    mutating func handleTimelineKey(_ key: Key) -> [AppCommand] {
        guard var t = timeline else { goBack(); return [] }
        let count = t.rows.count
        if t.showDetails {
            switch key {
            case .escape, .enter, .backspace: t.showDetails = false
            case .char("j"), .down: t.selectedRow = min(count - 1, t.selectedRow + 1)
            case .char("k"), .up: t.selectedRow = max(0, t.selectedRow - 1)
            default: break
            }
            timeline = t
            return []
        }
        let visible = height - 5
        if let i = ListCursor.move(key, selected: t.selectedRow, count: count, page: visible) {
            t.selectedRow = i
            t.scroll = ListCursor.scroll(t.scroll, selected: i, visible: visible)
            timeline = t
            return []
        }
        switch key {
        case .char("h"), .left: t.setCollapsed(true)
        case .char("l"), .right: t.setCollapsed(false)
        case .char("["): t.setAllCollapsed(true)
        case .char("]"): t.setAllCollapsed(false)
        case .char("c"): t.toggleCriticalOnly()
        case .char("z"): t.toggleZoom()
        case .char("n"): t.jumpMatch(forward: true)
        case .char("N"): t.jumpMatch(forward: false)
        case .char("/"): input = TextInput(purpose: .filter, text: t.filter)
        case .enter: t.showDetails = true
        case .escape, .backspace:
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

    mutating func handleMapKey(_ key: Key) -> [AppCommand] {
        switch key {
        case .enter:
            if let sel = selection { return drillIn(sel) }
        case .char("/"):
            input = TextInput(purpose: .filter, text: table.filter)
        case .escape:
            selection = nil
        case .tab:
            selection = MapNavigation.step(selection, by: 1, in: MapNavigation.cycle(map, layout))
        case .backTab:
            selection = MapNavigation.step(selection, by: -1, in: MapNavigation.cycle(map, layout))
        case .char("j"), .down:
            moveVertically(1)
        case .char("k"), .up:
            moveVertically(-1)
        case .char("l"), .right:
            moveHorizontally(toRight: true)
        case .char("h"), .left:
            moveHorizontally(toRight: false)
        case .shiftLeft:
            pan.x -= 8
            clampPan()
        case .shiftRight:
            pan.x += 8
            clampPan()
        case .shiftUp:
            pan.y -= 4
            clampPan()
        case .shiftDown:
            pan.y += 4
            clampPan()
        case .char("m"):
            edgeLabels = edgeLabels.next
            message = "edge labels: \(edgeLabels.rawValue)"
        case .char("-"), .char("+"):
            fold(collapse: key == .char("-"))
        case .char("g"):
            if refuseOffline("regrouping") { return [] }
            settings.grouping = settings.grouping.next
            selection = nil
            rebuildMap()
        case .char("p"), .char("r"):
            return pauseOrRefresh(key)
        default:
            break
        }
        scrollSelectionIntoView()
        return []
    }

    mutating func handleTableKey(_ key: Key) -> [AppCommand] {
        let count = TableView.rows(self).count
        let visible = height - 4
        if let i = ListCursor.move(key, selected: table.selectedRow, count: count, page: visible) {
            table.selectedRow = i
            table.scroll = ListCursor.scroll(table.scroll, selected: i, visible: visible)
            return []
        }
        switch key {
        case .char("s"), .right: table.sortColumn = (table.sortColumn + 1) % TableView.columns.count
        case .left: table.sortColumn = (table.sortColumn + TableView.columns.count - 1) % TableView.columns.count
        case .char("S"): table.descending.toggle()
        case .tab, .backTab:
            table.kind = table.kind == .nodes ? .edges : .nodes
            table.selectedRow = 0
        case .char("/"): input = TextInput(purpose: .filter, text: table.filter)
        case .escape:
            if table.filter.isEmpty { mode = .map } else { table.filter = "" }
        case .enter:
            let rows = TableView.rows(self)
            if rows.indices.contains(table.selectedRow) { return drillIn(rows[table.selectedRow].selection) }
        case .char("p"), .char("r"):
            return pauseOrRefresh(key)
        default: break
        }
        table.selectedRow = max(0, min(table.selectedRow, count - 1))
        table.scroll = ListCursor.scroll(table.scroll, selected: table.selectedRow, visible: visible)
        return []
    }

    /// `p` pauses or resumes updates, `r` refreshes now: both need a live source.
    mutating func pauseOrRefresh(_ key: Key) -> [AppCommand] {
        if refuseOffline(key == .char("p") ? "pausing" : "refreshing") { return [] }
        if key == .char("r") { return [.refreshNow] }
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
            let origin = MapView.origin(self)
            let p = Point(x: m.x - origin.x, y: m.y - origin.y)
            if let id = layout.boxes.first(where: { $0.value.contains(x: p.x, y: p.y) })?.key {
                selection = .node(id)
            } else if let edge = layout.routes.keys.sorted().first(where: { MapView.route(layout.routes[$0]!, passes: p) }) {
                selection = .edge(edge)
            } else {
                return []
            }
            // A double click drills in, as Enter does.
            if m.action == .doubleClick, let sel = selection { return drillIn(sel) }
        }
        return []
    }
}
