import SonicMapCore

/// Where the parts of the screen go for a terminal size. Shared by `render` and by
/// `update` (mouse hit tests, layout sizing, how far a list pages), so both agree to the cell.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 15

    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var isTooSmall: Bool { width < ScreenLayout.minimumWidth || height < ScreenLayout.minimumHeight }

    public var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    public var statusLine: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }

    /// From this width on, the details panel sits beside the map; below it, it floats over
    /// the map's right side and only while something is selected.
    public static let dockedDetailsWidth = 100

    public var detailsDocked: Bool { width >= ScreenLayout.dockedDetailsWidth }

    public var detailsWidth: Int {
        if width >= 150 { return 48 }
        if width >= 130 { return 40 }
        return min(36, width / 2)
    }

    public var details: Rect { Rect(x: width - detailsWidth, y: 1, width: detailsWidth, height: height - 2) }
    public var map: Rect { Rect(x: 0, y: 1, width: width - (detailsDocked ? detailsWidth : 0), height: height - 2) }
    /// The part of the map not covered by a floating details panel.
    public var visibleMap: Rect { Rect(x: 0, y: 1, width: width - detailsWidth, height: height - 2) }

    /// Where a view that is not the map goes: the whole width between header and status line.
    public var body: Rect { Rect(x: 0, y: 1, width: width, height: height - 2) }

    /// Rows of the table on screen: its area less the column headers and the footer.
    public var tableRows: Int { map.height - 2 }

    /// Rows of spans the timeline draws: its area less the trace header and the phase line.
    public var timelineRows: Int { body.height - 2 }

    /// Rows the timeline's cursor pages and scrolls by: one fewer than it draws, so the
    /// span below the cursor stays in sight.
    public var timelinePage: Int { timelineRows - 1 }

    /// Rows of requests on screen under `infoLines` lines about the search: the area less
    /// the query line, the column headers and the footer.
    public func requestRows(infoLines: Int) -> Int { max(1, body.height - 3 - infoLines) }

    /// Canvas position of a map layout's (0, 0): the map area's corner, minus the pan,
    /// centred when the layout is smaller than the area.
    public func mapOrigin(of layout: MapLayout, pan: Point) -> Point {
        let dx = max(1, (map.width - layout.width) / 2)
        let dy = max(0, (map.height - layout.height) / 2)
        return Point(x: map.x + dx - pan.x, y: map.y + dy - pan.y)
    }
}
