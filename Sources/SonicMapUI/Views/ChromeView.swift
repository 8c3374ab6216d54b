import SonicMapCore

/// The header (breadcrumb) and the status line around every view.
public enum ChromeView {
    public static func renderHeader(_ s: AppState, into canvas: inout Canvas) {
        let r = s.screen.header
        canvas.fill(r, role: .breadcrumb)
        var crumbs = ["sonicmap"]
        // A file's list of traces has no map behind it; `:traces` lists every trace, whatever is selected.
        if (s.backStack.first ?? s.mode) != .traces {
            crumbs.append(s.mode == .table || s.backStack.first == .table ? "table " + s.table.kind.rawValue : "map")
        }
        if let list = s.traces, list.selection == nil, s.mode == .traces || s.backStack.contains(.traces) {
            crumbs.append(list.title)
        } else {
            switch s.mapView.selection {
            case .node(let id)?: crumbs.append("node " + PodName(id).short)
            case .edge(let k)?: crumbs.append("edge " + PodName(k.client).short + "→" + PodName(k.server).short)
            case nil: break
            }
        }
        if s.mode == .timeline, let t = s.timeline {
            crumbs.append("trace " + t.tree.trace.traceID.hex.prefix(4) + "…")
            if t.showDetails, let si = t.selectedSpan { crumbs.append("span " + t.spans[si].name) }
        }
        let text = " " + crumbs.joined(separator: " \(s.settings.glyphs.breadcrumbSeparator) ")
        canvas.put(text, x: 0, y: r.y, role: .breadcrumb)
        let folded = s.settings.folds.isEmpty ? "" : " +\(s.settings.folds.levels.count) folded"
        let versus = s.feed.comparison.map { c in
            " · vs \(UTCTime.clock(c.at, today: s.now))" + (c.data == nil ? (c.error == nil ? " …" : " failed") : "") + (s.mode == .table ? ", by change" : "")
        } ?? ""
        let right = "labels \(s.mapView.edgeLabels.rawValue) · group \(s.settings.grouping.rawValue)\(folded)\(versus) "
        canvas.put(right, x: r.width - DisplayWidth.of(right), y: r.y, role: .muted)
    }

    /// Source and its health, window, refresh, data age, sampling mode and key hints.
    public static func renderStatus(_ s: AppState, into canvas: inout Canvas) {
        let r = s.screen.statusLine
        canvas.fill(r, role: .statusBar)
        if let input = s.chrome.input {
            canvas.fill(r, role: .text)
            let used = canvas.put(input.prompt + input.text, x: 0, y: r.y, role: .text)
            canvas.put(s.settings.glyphs.bar, x: used, y: r.y, role: .key)
            return
        }
        if let m = s.chrome.message {
            canvas.put(" " + m, x: 0, y: r.y, role: .statusBar)
            return
        }
        var runs: [(String, Role)] = []
        let health: (String, Role)
        if let badge = s.status.fixedBadge {
            health = (" \(badge) ", .statusWarn)
        } else if let at = s.settings.at {
            // Looking back: the moment shown, with an ellipsis until its data arrives (a step
            // of one short window lands within a minute of the data still on screen).
            let arrived = !s.status.lookPending && (s.status.dataTime.map { abs($0 - at) <= 60 } ?? false)
            health = (" AT \(UTCTime.clock(at, today: s.now))\(arrived ? "" : " …") ", s.status.lastError == nil ? .statusWarn : .statusError)
        } else if s.status.receivedAt == nil {
            health = (s.status.lastError == nil ? " LOADING " : " DOWN ", s.status.lastError == nil ? .statusWarn : .statusError)
        } else if s.status.lastError != nil {
            health = (" STALE ", .statusError)
        } else if s.isStale {
            health = (" STALE ", .statusWarn)
        } else {
            health = (s.settings.paused ? " PAUSED " : " LIVE ", s.settings.paused ? .statusWarn : .statusOK)
        }
        runs.append(health)
        if let at = s.settings.at {
            runs.append((" ", .statusBar))
            runs += ScrubBar.runs(at: at, now: s.now, traffic: s.feed.traffic, glyphs: s.settings.glyphs)
        }
        if let err = s.status.lastError {
            runs.append((" " + err.message + " ", .statusError))
        } else if let warning = s.status.warnings.first {
            // A partial failure (one endpoint or query down): the map shows what did work.
            let more = s.status.warnings.count > 1 ? " (+\(s.status.warnings.count - 1) more)" : ""
            runs.append((" " + warning + more + " ", .statusWarn))
        }
        runs.append((" " + s.status.sourceSummary, .statusBar))
        runs.append((" · window \(Formatting.interval(seconds: s.settings.windowSeconds))", .statusBar))
        runs.append((" · refresh \(Formatting.interval(seconds: s.settings.refreshSeconds))", .statusBar))
        if s.settings.at == nil, let age = s.dataAge { runs.append((" · age \(Formatting.age(seconds: age))", .statusBar)) }
        runs.append((" · " + samplingText(s), .statusBar))
        let hint = r.width >= 100 ? " ? help  q quit " : " ? help "
        let line = StyledLine(runs)
        line.draw(on: &canvas, x: 0, y: r.y, width: r.width - DisplayWidth.of(hint))
        canvas.put(hint, x: r.width - DisplayWidth.of(hint), y: r.y, role: .statusBar)
    }

    /// Which rates are on screen: complete (every request sampled), sampled as counted, or
    /// scaled by a declared rate.
    static func samplingText(_ s: AppState) -> String {
        if FigureSources.samplingIsComplete(s.map, declaredRate: s.settings.declaredSamplingRate) { return "100% sampled: complete" }
        if let p = s.settings.declaredSamplingRate { return "sampling \(Formatting.percent(p)) declared, ~ estimated" }
        return "sampled rates"
    }
}
