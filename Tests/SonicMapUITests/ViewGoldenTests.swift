import Testing
import SonicMapTestSupport
import SonicMapCore
@testable import SonicMapUI

/// Every view at 80×24 and 160×48, against golden files holding the text, the role mask
/// and the colours of two themes (default and dark), from the demo at a fixed time.
@Suite struct ViewGoldenTests {
    enum View: String, CaseIterable, Sendable {
        case map, mapEdge = "map-edge", tableNodes = "table-nodes", tableEdges = "table-edges"
        case traces, timeline, span, help, command
        /// `:compare -1m`: the Δrate labels, new/vanished marks and both values in the panel;
        /// then the table by the largest change.
        case compare, compareTable = "compare-table"
    }

    struct Size: Sendable, CustomStringConvertible {
        var width: Int
        var height: Int
        var description: String { "\(width)x\(height)" }
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]
    static let themes = ["default", "dark"].map { ThemeLoader.load($0, searchPath: [ThemeTests.themesDir]).theme }

    /// The state showing `view`, reached by keys from the map, with the demo answering searches.
    static func state(_ view: View, _ size: Size) -> AppState {
        var d = TraceSearchTests.onSlowEdge(width: size.width, height: size.height)
        switch view {
        case .map: d.state.mapView.selection = nil
        case .mapEdge: break
        case .tableNodes: d.press(.char("t"), .tab)
        case .tableEdges: d.press(.char("t"))
        case .traces: d.press(.enter)
        case .timeline: d.press(.enter, .enter)
        case .span: d.press(.enter, .enter, .char("j"), .enter)
        case .help: d.press(.char("?"))
        case .command:
            d.press(.char(":"))
            d.type("theme da")
        case .compare, .compareTable:
            d.press(.char(":"))
            d.type("compare -1m")
            d.press(.enter)
            if view == .compareTable { d.press(.char("t")) }
        }
        return d.state
    }

    @Test(arguments: View.allCases, sizes)
    func golden(view: View, size: Size) {
        GoldenFrame.assertMatches(Self.state(view, size).render(), named: "\(view.rawValue)-\(size)", themes: Self.themes)
    }

    /// The colour masks really follow the theme: the same frame differs between the two.
    @Test func themesResolveToDifferentColours() {
        let canvas = Self.state(.traces, Self.sizes[0]).render()
        #expect(GoldenFrame.colourMask(canvas, theme: Self.themes[0]) != GoldenFrame.colourMask(canvas, theme: Self.themes[1]))
    }
}
