import SonicMapCore

extension AppState {
    /// The whole screen for the current state. Pure: the same state gives the same canvas.
    public func render() -> Canvas {
        var canvas = Canvas(width: screen.width, height: screen.height, asciiOnly: settings.glyphs.isASCII)
        if screen.isTooSmall {
            let lines = [
                "enlarge the terminal to at least",
                "\(ScreenLayout.minimumWidth)×\(ScreenLayout.minimumHeight)",
                "(now \(screen.width)×\(screen.height))",
            ]
            for (i, line) in lines.enumerated() {
                let y = screen.height / 2 - 1 + i
                canvas.put(line, x: max(0, (screen.width - DisplayWidth.of(line)) / 2), y: y, role: i == 1 ? .title : .text)
            }
            return canvas
        }
        ChromeView.renderHeader(self, into: &canvas)
        switch mode {
        case .map, .table:
            if mode == .map { MapView.render(self, into: &canvas) } else { TableView.render(self, into: &canvas) }
            if screen.detailsDocked || mapView.selection != nil { DetailsPanel.render(self, into: &canvas) }
        case .traces:
            if let t = traces { TracesView.render(self, t, into: &canvas) }
        case .timeline:
            if let t = timeline { TimelineView.render(self, t, into: &canvas) }
        }
        ChromeView.renderStatus(self, into: &canvas)
        if chrome.showHelp { HelpOverlay.render(self, into: &canvas) }
        return canvas
    }
}
