import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapUI

/// The widgets views are made of, each on a small canvas compared line by line or, with
/// `Canvas(lines:roles:)`, cell by cell with its role (mask symbols: `RoleSymbol`).
@Suite struct WidgetTests {
    @Test func boxDrawsAFrameWithItsTitle() {
        var c = Canvas(width: 10, height: 3)
        BoxWidget.draw(Rect(x: 0, y: 0, width: 10, height: 3), on: &c, glyphs: .unicode, role: .border, title: "pods")
        #expect(c.lines == ["┌ pods ──┐", "│        │", "└────────┘"])
        #expect(c[2, 0].role == .title && c[0, 0].role == .border)
    }

    @Test func boxTruncatesALongTitleAndSkipsATinyRect() {
        var c = Canvas(width: 8, height: 2)
        BoxWidget.draw(Rect(x: 0, y: 0, width: 8, height: 2), on: &c, glyphs: .ascii, role: .border, title: "a very long title")
        #expect(c.lines[1] == "+------+")
        #expect(DisplayWidth.of(c.lines[0]) == 8 && c.lines[0].hasPrefix("+ ") && c.lines[0].hasSuffix("+"))
        var tiny = Canvas(width: 3, height: 3)
        BoxWidget.draw(Rect(x: 0, y: 0, width: 1, height: 3), on: &tiny, glyphs: .unicode, role: .border)
        #expect(tiny == Canvas(width: 3, height: 3))
    }

    @Test func lineRasterJoinsBranchesIntoJunctions() {
        var raster = LineRaster()
        raster.add([Point(x: 0, y: 1), Point(x: 4, y: 1)], role: .edge)
        raster.add([Point(x: 2, y: 0), Point(x: 2, y: 2)], role: .edge)
        raster.add([Point(x: 4, y: 1), Point(x: 4, y: 2)], role: .edge)
        var c = Canvas(width: 5, height: 3)
        raster.draw(on: &c, glyphs: .unicode, offset: Point(x: 0, y: 0), clip: c.bounds)
        #expect(c.lines == ["  │  ", "──┼─┐", "  │ │"])
    }

    @Test func lineRasterDashesAndClips() {
        var raster = LineRaster()
        raster.add([Point(x: 0, y: 0), Point(x: 5, y: 0)], role: .edgeOrphan, dashed: true)
        var c = Canvas(width: 6, height: 1)
        raster.draw(on: &c, glyphs: .unicode, offset: Point(x: 1, y: 0), clip: Rect(x: 0, y: 0, width: 4, height: 1))
        #expect(c.lines == [" ╌╌╌  "])
        #expect(c[1, 0].role == .edgeOrphan)
    }

    @Test func sparklineScalesFromZeroToTheMaximumNewestOnTheRight() {
        let s = Sparkline.line([0, 4, nil, 8], width: 4, glyphs: .unicode)
        let sparks = Glyphs.unicode.sparks
        let half = sparks[Int((0.5 * Double(sparks.count - 1)).rounded())]
        #expect(s == sparks[0] + half + " " + sparks[sparks.count - 1], "0 is the lowest level, 4 of 8 the middle, nil a gap")
        #expect(Sparkline.line([1, 2, 3, 4, 5, 6], width: 2, glyphs: .unicode).count == 2)
        #expect(Sparkline.line([], width: 5, glyphs: .unicode) == "")
        #expect(Sparkline.line([3, 3], width: 2, glyphs: .unicode) == sparks[sparks.count - 1] + sparks[sparks.count - 1])
    }

    @Test func phaseBarSharesTheWidthByValue() {
        let bar = PhaseBar.bar([(.queue, 0.3), (.infer, 0.1)], width: 8, glyphs: .unicode)
        #expect(bar.runs.map(\.text.count) == [6, 2])
        #expect(bar.runs.map(\.role) == [PhaseBar.role(.queue), PhaseBar.role(.infer)])
        #expect(PhaseBar.bar([(.queue, 0)], width: 8, glyphs: .unicode) == StyledLine())
        var c = Canvas(width: 10, height: 1)
        bar.draw(on: &c, x: 1, y: 0, width: 8)
        #expect(c.lines == [" " + String(repeating: Glyphs.unicode.bar, count: 8) + " "])
    }

    @Test func boxFramesInItsRoleAndLeavesTheInsideAlone() {
        var c = Canvas(lines: ["abcdefghij", "klmnopqrst", "uvwxyzabcd", "efghijklmn"])
        BoxWidget.draw(Rect(x: 1, y: 0, width: 7, height: 3), on: &c, glyphs: .unicode, role: .border, title: "net", titleRole: .key)
        #expect(c == Canvas(
            lines: ["a┌ net ┐ij", "k│mnopq│st", "u└─────┘cd", "efghijklmn"],
            roles: [".#KKKKK#..", ".#.....#..", ".#######..", ".........."]))
    }

    @Test func boxTitleKeepsWideGraphemesWhole() {
        var c = Canvas(width: 8, height: 2)
        BoxWidget.draw(c.bounds, on: &c, glyphs: .unicode, role: .border, title: "漢字漢")
        #expect(c.lines[0].hasPrefix("┌ 漢") && c.lines[0].hasSuffix("┐"))
        #expect(DisplayWidth.of(c.lines[0]) == 8, "no half grapheme pushes the corner out")
    }

    @Test func lineRasterDrawsEveryCellInItsEdgeRole() {
        var raster = LineRaster()
        raster.add([Point(x: 0, y: 0), Point(x: 3, y: 0), Point(x: 3, y: 1)], role: .edge)
        raster.add([Point(x: 0, y: 1), Point(x: 2, y: 1)], role: .edgeSelected)
        var c = Canvas(width: 4, height: 2)
        raster.draw(on: &c, glyphs: .unicode, offset: Point(x: 0, y: 0), clip: c.bounds)
        #expect(c == Canvas(lines: ["───┐", "───│"], roles: ["----", "===-"]))
    }

    @Test func sparklineLeavesGapsForMissingAndNonFiniteValues() {
        let sparks = Glyphs.unicode.sparks
        #expect(Sparkline.line([nil, .nan, .infinity, 2], width: 4, glyphs: .unicode) == "   " + sparks[sparks.count - 1])
        #expect(Sparkline.line([nil, nil], width: 2, glyphs: .unicode) == "", "nothing known draws nothing")
        #expect(Sparkline.line([1, 2], width: 0, glyphs: .unicode) == "")
        let half = sparks[Int((0.5 * Double(sparks.count - 1)).rounded())]
        #expect(Sparkline.line([-2, 0, 2], width: 3, glyphs: .unicode) == sparks[0] + half + sparks[sparks.count - 1], "a negative minimum is the floor")
    }

    @Test func phaseBarDrawsEachPhaseInItsOwnRole() {
        let bar = PhaseBar.bar([(.queue, 1), (.infer, 1)], width: 4, glyphs: .ascii)
        var c = Canvas(width: 6, height: 1)
        bar.draw(on: &c, x: 1, y: 0, width: 4)
        let q = RoleSymbol.of(PhaseBar.role(.queue)), f = RoleSymbol.of(PhaseBar.role(.infer))
        let b = Glyphs.ascii.bar
        #expect(c == Canvas(lines: [" " + String(repeating: b, count: 4) + " "], roles: [".\(q)\(q)\(f)\(f)."]))
    }
}

/// The status line's scrub bar while looking back (issue 15).
@Suite struct ScrubBarTests {
    @Test func theMarkerSitsOnTheFiveMinuteBoundaryNearestTheMoment() {
        let now = 10_000.0
        #expect(ScrubBar.text(at: now - 3600, now: now, glyphs: .unicode) == "-1h ◆╌╌╌╌╌╌╌╌╌╌╌╌ now")
        #expect(ScrubBar.text(at: now - 600, now: now, glyphs: .unicode) == "-1h ╌╌╌╌╌╌╌╌╌╌◆╌╌ now")
        #expect(ScrubBar.text(at: now - 760, now: now, glyphs: .unicode) == "-1h ╌╌╌╌╌╌╌╌╌◆╌╌╌ now", "12m40s is nearer 15 than 10 minutes")
        #expect(ScrubBar.text(at: now - 10, now: now, glyphs: .unicode) == "-1h ╌╌╌╌╌╌╌╌╌╌╌╌◆ now")
        #expect(ScrubBar.text(at: now - 600, now: now, glyphs: .ascii) == "-1h ..........|.. now")
    }

    @Test func olderThanAnHourSaysHowLongAgo() {
        #expect(ScrubBar.text(at: 0, now: 7200, glyphs: .unicode) == "◆ \(Formatting.age(seconds: 7200)) ago")
    }

    /// Each cell is the bin ending at its right edge, scaled from zero to the hour's
    /// highest; a bin without a sample is dashed (blank in ASCII, whose sparks use dots).
    @Test func theCellsAreTheTrafficOfTheirFiveMinutes() {
        let now = 10_000.0
        // Bins ending every five minutes up to now: nothing for the first four, then 0…7 req/s.
        let values: [Double?] = [nil, nil, nil, nil, 0, 1, 2, 3, 4, 5, 6, 7]
        let curve = TrafficHistory(firstEnd: now - 3300, step: 300, values: values)
        #expect(ScrubBar.text(at: now - 600, now: now, traffic: curve, glyphs: .unicode) == "-1h ╌╌╌╌▁▂▃▄▅▆◆▇█ now")
        #expect(ScrubBar.text(at: now - 600, now: now, traffic: curve, glyphs: .ascii) == "-1h     _.-~=+|*# now")
        // Fetched 100 s ago: each cell still takes the bin ending nearest its edge.
        #expect(ScrubBar.text(at: now - 500, now: now + 100, traffic: curve, glyphs: .unicode) == "-1h ╌╌╌╌▁▂▃▄▅▆◆▇█ now")
        // Fetched 200 s ago: the bins have moved on by one cell, and the newest has none yet.
        #expect(ScrubBar.text(at: now - 400, now: now + 200, traffic: curve, glyphs: .unicode) == "-1h ╌╌╌▁▂▃▄▅▆▇◆█╌ now")
    }

    @Test func aCurveWithoutASampleIsTheDashedTrack() {
        let curve = TrafficHistory(firstEnd: 6700, step: 300, values: Array(repeating: nil, count: 12))
        #expect(ScrubBar.text(at: 9400, now: 10_000, traffic: curve, glyphs: .unicode) == ScrubBar.text(at: 9400, now: 10_000, glyphs: .unicode))
    }

    /// The marker takes the AT badge's role, so it stands out of the bar in colour.
    @Test func theMarkerIsDrawnInTheBadgesRole() {
        let curve = TrafficHistory(firstEnd: 6700, step: 300, values: [0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3])
        var canvas = Canvas(width: 22, height: 1)
        StyledLine(ScrubBar.runs(at: 9100, now: 10_000, traffic: curve, glyphs: .unicode)).draw(on: &canvas, x: 0, y: 0, width: 22)
        let bar = RoleSymbol.of(.statusBar), badge = RoleSymbol.of(.statusWarn)
        #expect(canvas == Canvas(
            lines: ["-1h ▁▂▃▄▅▆▇█▇◆▆▅▄ now "],
            roles: [String(repeating: bar, count: 13) + String(badge) + String(repeating: bar, count: 7) + String(RoleSymbol.of(.text))]))
    }
}
