import SonicMapCore

extension AppState {
    /// What is on screen as a snapshot: the map, its history and layout, and the traces
    /// opened so far (plus those a replay was opened with).
    public func snapshot(createdAt: Double) -> Snapshot {
        var sources = settings.sources
        if var demo = sources.demo, settings.offlineReason == nil {
            demo.at = (status.dataTime ?? map.time) - demo.epoch
            sources.demo = demo
        }
        let meta = SnapshotMeta(
            sonicmapVersion: SonicMapVersion.current, createdAt: UTCTime.rfc3339(createdAt), dataTime: status.dataTime ?? map.time,
            window: Formatting.interval(seconds: settings.windowSeconds), refresh: Formatting.interval(seconds: settings.refreshSeconds),
            sources: sources, sampling: SnapshotSampling(map: map, declaredRate: settings.declaredSamplingRate),
            grouping: map.grouping, warnings: status.warnings)
        var traces: [Trace] = []
        var seen = Set<TraceID>()
        for t in (settings.offlineReason == nil ? [] : feed.data?.traces ?? []) + feed.openedTraces where seen.insert(t.traceID).inserted {
            traces.append(t)
        }
        return Snapshot(map: map, history: feed.history, layout: mapView.layout, meta: meta, traces: traces)
    }

    /// The app showing a snapshot with no network (`sonicmap replay`): every view works on
    /// what the snapshot holds; refreshing, regrouping and fetching explain why they cannot.
    public static func replaying(_ snapshot: Snapshot, settings base: Settings, width: Int = 80, height: Int = 24) -> AppState {
        var settings = base
        settings.windowSeconds = snapshot.meta.windowSeconds
        settings.refreshSeconds = snapshot.meta.refreshSeconds
        settings.grouping = snapshot.meta.grouping
        settings.declaredSamplingRate = snapshot.meta.sampling.mode == .declared ? snapshot.meta.sampling.rate : nil
        settings.frozenClock = true
        settings.sources = snapshot.meta.sources
        settings.offlineReason = "a replay has no network"
        var state = AppState(settings: settings, sourceSummary: "snapshot " + snapshot.meta.createdAt)
        state.status.fixedBadge = "REPLAY"
        state.status.dataTime = snapshot.meta.dataTime
        state.status.receivedAt = snapshot.meta.dataTime
        state.status.warnings = snapshot.meta.warnings
        state.feed.data = RefreshData(sample: nil, traces: snapshot.traces, time: snapshot.meta.dataTime)
        state.map = snapshot.serviceMap()
        state.feed.history = snapshot.restoredHistory()
        state.screen = ScreenLayout(width: width, height: height)
        // The snapshot's columns, top to bottom, seed the layout so boxes keep their order.
        state.mapView.layout.layers = Dictionary(grouping: snapshot.layout.nodes, by: { $0.value.x }).sorted { $0.key < $1.key }
            .map { $0.value.sorted { ($0.value.y, $0.key) < ($1.value.y, $1.key) }.map(\.key) }
        state.mapView.relayout(state.map, on: state.screen, force: true)
        return state
    }

    /// Opens a trace's timeline from the current view, remembering it for snapshots.
    public mutating func openTimeline(_ trace: Trace) {
        timeline = TimelineState(trace: trace)
        feed.remember(trace)
        backStack.append(mode)
        mode = .timeline
    }

    /// True, with a message saying why, when an action needs the network and there is none.
    mutating func refuseOffline(_ action: String) -> Bool {
        guard let why = settings.offlineReason else { return false }
        chrome.message = "\(action) is unavailable: \(why)"
        return true
    }
}
