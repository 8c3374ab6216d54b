import SonicMapCore

extension AppState {
    /// Applies one event and returns the work it asks for. The only place state changes.
    public mutating func update(_ event: AppEvent) -> [AppCommand] {
        switch event {
        case .resize(let w, let h):
            screen = ScreenLayout(width: w, height: h)
            mapView.relayout(map, on: screen, force: true)
            return []
        case .tick(let t):
            now = t
            return []
        case .refreshed(let outcome):
            apply(outcome)
            return []
        case .mouse(let m):
            return handleMouse(m)
        case .key(let k):
            return handleKey(k)
        case .tracesFound(let outcome):
            return receive(outcome)
        case .traceFetched(let outcome):
            receive(outcome)
            return []
        case .baselineFetched(let outcome):
            receive(outcome)
            return []
        case .trafficFetched(let outcome):
            receive(outcome)
            return []
        case .exported(let outcome):
            finishExport(outcome)
            return []
        }
    }

    mutating func apply(_ outcome: PollOutcome) {
        now = max(now, outcome.finishedAt)
        switch outcome.result {
        case .success(let d):
            feed.data = d
            status.receivedAt = outcome.finishedAt
            status.dataTime = d.time
            status.lastError = nil
            status.lookPending = false
            status.warnings = d.warnings
            rebuildMap()
            feed.history.record(map)
        case .failure(let failure):
            status.lastError = failure
            // The look's own message would hide why it failed until the next key.
            if status.lookPending, chrome.message == Self.lookMessage(settings.at) { chrome.message = nil }
        }
    }

    /// Rebuilds the map from the last data with the current settings.
    mutating func rebuildMap() {
        // A replay's map comes whole from the snapshot; its data holds only the traces.
        guard settings.offlineReason == nil, let d = feed.data else { return }
        // Folds name groups of one grouping; another grouping starts without any.
        if map.grouping != settings.grouping { settings.folds = GroupFolds() }
        let options = ServiceMapBuilder.Options(grouping: settings.grouping, declaredSamplingRate: settings.declaredSamplingRate, folds: settings.folds)
        let built = ServiceMapBuilder.build(sample: d.sample, traces: d.traces, options: options, now: d.time, windowSeconds: settings.windowSeconds)
        map = feed.fadeOut.apply(to: built)
        table.changes = nil
        if var c = feed.comparison {
            map = c.compare(built, shown: map, options: options)
            feed.comparison = c
            if c.data != nil {
                table.changes = Dictionary(
                    uniqueKeysWithValues: map.nodes.map { (Selection.node($0.id), c.magnitude(.node($0.id))) }
                        + map.edges.map { (Selection.edge($0.key), c.magnitude(.edge($0.key))) })
            }
        }
        if let s = mapView.selection, !exists(s) { mapView.selection = nil }
        mapView.relayout(map, on: screen, force: false)
    }

    /// The map grouped by `grouping`, with nothing selected.
    mutating func regroup(by grouping: Grouping) {
        settings.grouping = grouping
        mapView.selection = nil
        rebuildMap()
    }

    func exists(_ s: Selection) -> Bool {
        switch s {
        case .node(let id): map.node(id) != nil
        case .edge(let k): map.edge(k) != nil
        }
    }
}

/// Picks the largest box size at which the map fits its area.
public enum MapFitter {
    public static func fit(_ topology: MapTopology, into area: Rect, previous: [[String]] = []) -> (LayoutOptions, MapLayout) {
        var candidates: [LayoutOptions] = []
        for w in [24, 22, 20, 18, 16] {
            candidates.append(LayoutOptions(boxWidth: w, boxHeight: 4, rowGap: 1, labelWidth: w >= 20 ? 8 : 6))
            candidates.append(LayoutOptions(boxWidth: w, boxHeight: 4, rowGap: 0, labelWidth: w >= 20 ? 8 : 6))
        }
        for w in [18, 16, 14] { candidates.append(LayoutOptions(boxWidth: w, boxHeight: 3, rowGap: 0, labelWidth: 6)) }
        // Ordering is done once; each size is only measured, and one is placed.
        let arrangement = LayeredLayout.arrange(topology, previous: previous)
        let chosen = candidates.first { o in
            let size = arrangement.size(o)
            return size.width <= area.width - 2 && size.height <= area.height - 1
        } ?? candidates[candidates.count - 1]
        return (chosen, arrangement.place(chosen))
    }
}
