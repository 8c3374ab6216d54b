import SonicMapCore

/// Looking at the map as of another time (`:at`, `<` `>`) and back to now (`:live`).
///
/// The window then ends at that moment: the poller refreshes once for it and stops, since
/// the past does not change. What was drawn for another moment (faded nodes, sparklines)
/// is dropped, so nothing on screen mixes two times.
extension AppState {
    /// Looks at the window ending at `t` (Unix seconds), or at now when nil.
    mutating func look(at t: Double?) -> [AppCommand] {
        if refuseOffline(t == nil ? ":live" : "looking back") { return [] }
        guard t != settings.at else {
            chrome.message = t == nil ? "already live" : nil
            return []
        }
        settings.at = t
        status.lookPending = t != nil
        feed.history = History(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds)
        feed.fadeOut = FadeOut()
        chrome.message = Self.lookMessage(t)
        return [.lookAt(t)] + (t == nil ? [] : askTraffic())
    }

    /// The work the app asks for before its first event: the scrub bar's curve, when it
    /// starts out looking back (`live --at`).
    public mutating func begin() -> [AppCommand] {
        settings.at == nil ? [] : askTraffic()
    }

    /// Seconds a traffic curve (or the source's refusal) is good for: steps in quick
    /// succession share one range query.
    static let trafficReuseSeconds = 60.0

    /// Asks for the scrub bar's curve of the last hour, unless it was asked for within
    /// `trafficReuseSeconds`.
    mutating func askTraffic() -> [AppCommand] {
        if let asked = feed.trafficAskedAt, now - asked < Self.trafficReuseSeconds { return [] }
        lastRequestID += 1
        feed.trafficAskedAt = now
        feed.trafficRequestID = lastRequestID
        return [.fetchTraffic(ScrubBar.request, id: lastRequestID)]
    }

    /// The curve arrived, or the source said why it has none: said once, on the status line.
    mutating func receive(_ outcome: TrafficOutcome) {
        guard outcome.id == feed.trafficRequestID else { return }
        switch outcome.result {
        case .success(let history):
            feed.traffic = history
            feed.trafficProblem = nil
        case .failure(let failure):
            feed.traffic = nil
            if feed.trafficProblem != failure.message, settings.at != nil { chrome.message = "no traffic curve behind the scrub bar: " + failure.message }
            feed.trafficProblem = failure.message
        }
    }

    /// What the status line says right after a look, until the next key (or its failure).
    static func lookMessage(_ t: Double?) -> String {
        t.map { "the window ending \(UTCTime.rfc3339($0)); :live returns to now" } ?? "live"
    }

    /// `:at T`: T as `TimePoint` reads it, resolved against the wall clock.
    mutating func look(atText text: String) -> [AppCommand] {
        guard let point = TimePoint(parsing: text), case let t = point.resolve(now: now), point.liveSourceProblem(flag: ":at") == nil else {
            chrome.message = "at needs a time: -10m, 14:05 (UTC), RFC 3339 or Unix seconds, like :at -10m"
            return []
        }
        guard t <= now + 1 else {
            chrome.message = "\(UTCTime.rfc3339(t)) is in the future; :live shows now"
            return []
        }
        return look(at: t >= now - 1 ? nil : t)
    }

    /// `<` and `>`: one window back or forward from the moment shown; forward to now or
    /// past it is live again.
    mutating func stepInTime(back: Bool) -> [AppCommand] {
        let from = settings.at ?? now
        if !back, settings.at == nil {
            chrome.message = "already live: < steps back"
            return []
        }
        let t = from + (back ? -settings.windowSeconds : settings.windowSeconds)
        return look(at: t >= now - 1 ? nil : t)
    }
}

/// Comparing the map on screen with the map of another time (`:compare`).
extension AppState {
    /// `:compare T` (relative times count back from the moment on screen), `:compare off`.
    mutating func compare(text: String) -> [AppCommand] {
        if text == "off" || text == "none" {
            guard feed.comparison != nil else {
                chrome.message = "not comparing"
                return []
            }
            feed.comparison = nil
            if mapView.edgeLabels.isDelta { mapView.edgeLabels = .rate }
            chrome.message = "comparison off"
            rebuildMap()
            return []
        }
        if refuseOffline("comparing") { return [] }
        let shown = settings.at ?? now
        guard let point = TimePoint(parsing: text), point.liveSourceProblem(flag: ":compare") == nil, case let t = point.resolve(now: shown) else {
            chrome.message = "compare needs a time: -1h, 14:05 (UTC), RFC 3339 or Unix seconds, like :compare -1h; :compare off stops"
            return []
        }
        guard t < shown - 1 else {
            chrome.message = "compare with a time before the map's, \(UTCTime.rfc3339(shown))"
            return []
        }
        lastRequestID += 1
        feed.comparison = Comparison(at: t, requestID: lastRequestID)
        if !mapView.edgeLabels.isDelta { mapView.edgeLabels = .deltaRate }
        chrome.message = "comparing with the window ending \(UTCTime.rfc3339(t)) …"
        return [.fetchBaseline(at: t, windowSeconds: settings.windowSeconds, id: lastRequestID)]
    }

    /// After `:window`, the baseline's figures are of the old window: the same moment is
    /// fetched again over the new one, and until it arrives nothing is compared.
    mutating func compareAgain() -> [AppCommand] {
        guard let old = feed.comparison else { return [] }
        lastRequestID += 1
        feed.comparison = Comparison(at: old.at, requestID: lastRequestID)
        rebuildMap()
        return [.fetchBaseline(at: old.at, windowSeconds: settings.windowSeconds, id: lastRequestID)]
    }

    /// The baseline arrived: compare, or say why there is nothing to compare with.
    mutating func receive(_ outcome: BaselineOutcome) {
        guard var c = feed.comparison, c.requestID == outcome.id else { return }
        switch outcome.result {
        case .success(let d):
            c.data = d
            c.error = nil
            feed.comparison = c
        case .failure(let failure):
            c.error = failure.message
            feed.comparison = c
            chrome.message = "cannot compare: " + failure.message
            return
        }
        rebuildMap()
        chrome.message = "compared with \(UTCTime.rfc3339(c.at)): m cycles Δrate, Δerrors, Δp95"
    }
}
