import SonicMapCore

/// Where the parts of the screen go for a terminal size. Shared by `render` and by
/// `update` (mouse hit tests, layout sizing), so both agree to the cell.
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
}
