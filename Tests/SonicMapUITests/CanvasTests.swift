import Testing
import SonicMapTestSupport
@testable import SonicMapCore
@testable import SonicMapUI

/// The grid every view draws into: sanitising, wide graphemes, clipping and blits, in
/// buffers small enough to read (expected sides built with `Canvas(lines:)`).
@Suite struct CanvasTests {
    @Test func linesBuildTheExpectedBuffer() {
        let c = Canvas(lines: ["ab", "c"])
        #expect(c.width == 2 && c.height == 2)
        #expect(c.lines == ["ab", "c "])
        #expect(c[0, 1].role == .text)
    }

    @Test func putWritesTextAndReturnsItsColumns() {
        var c = Canvas(width: 6, height: 1)
        #expect(c.put("abc", x: 1, y: 0, role: .title) == 3)
        #expect(c == {
            var e = Canvas(lines: ["      "])
            e.put("abc", x: 1, y: 0, role: .title)
            return e
        }())
        #expect(c.lines == [" abc  "])
        #expect(c[1, 0].role == .title && c[0, 0].role == .text)
    }

    @Test func wideGraphemesTakeTwoCellsAndPrintOnce() {
        var c = Canvas(width: 5, height: 1)
        #expect(c.put("漢x", x: 0, y: 0, role: .text) == 3)
        #expect(c[0, 0].text == "漢" && c[1, 0].isContinuation && c[2, 0].text == "x")
        #expect(c.lines == ["漢x  "])
    }

    @Test func aWideGraphemeNeverStraddlesTheEdge() {
        var c = Canvas(width: 3, height: 1)
        c.put("ab漢", x: 0, y: 0, role: .text)
        #expect(c.lines == ["ab "])
        var clipped = Canvas(width: 6, height: 1)
        clipped.put("a漢b", x: 0, y: 0, role: .text, clip: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(clipped.lines == ["a     "], "the half that fits becomes a space")
    }

    @Test func overwritingHalfOfAWideGraphemeClearsTheOtherHalf() {
        var c = Canvas(lines: ["漢字"])
        c.put("x", x: 1, y: 0, role: .text)
        #expect(c.lines == [" x字"])
        c.put("y", x: 2, y: 0, role: .text)
        #expect(c.lines == [" xy "])
    }

    @Test func writesOutsideTheGridOrClipAreDropped() {
        var c = Canvas(width: 4, height: 2)
        c.put("abcdef", x: -2, y: 0, role: .text)
        c.put("zz", x: 0, y: 5, role: .text)
        c.put("zz", x: 0, y: -1, role: .text)
        c.put("klmn", x: 0, y: 1, role: .text, clip: Rect(x: 1, y: 1, width: 2, height: 1))
        #expect(c.lines == ["cdef", " lm "])
    }

    @Test func controlAndEscapeSequencesNeverReachTheGrid() {
        var c = Canvas(width: 12, height: 1)
        c.put("a\u{1B}[2Jb\u{1B}]0;t\u{07}c\u{0}\nd", x: 0, y: 0, role: .text)
        #expect(!c.lines[0].unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(c.lines[0].hasPrefix("abc"))
    }

    @Test func fillPaintsOnlyTheClippedRectangle() {
        var c = Canvas(width: 3, height: 3)
        c.fill(Rect(x: 1, y: 1, width: 5, height: 5), with: "#", role: .selection)
        #expect(c.lines == ["   ", " ##", " ##"])
        #expect(c[2, 2].role == .selection && c[0, 0].role == .text)
    }

    @Test func blitCopiesWithClipAndCutsWideGraphemesToSpaces() {
        let small = Canvas(lines: ["漢a"])
        var c = Canvas(width: 4, height: 1)
        c.blit(small, x: 1, y: 0)
        #expect(c.lines == [" 漢a"])
        var cut = Canvas(width: 4, height: 1)
        cut.blit(small, x: -1, y: 0)
        #expect(cut.lines == [" a  "], "a continuation without its lead becomes a space")
    }

    @Test func asciiCanvasTransliterates() {
        var c = Canvas(width: 6, height: 1, asciiOnly: true)
        c.put("a→b", x: 0, y: 0, role: .text)
        #expect(c.lines[0].allSatisfy { $0.isASCII })
        #expect(c.lines[0].hasPrefix("a"))
    }

    @Test func rolesFollowTheTextAcrossWideGraphemesClipsAndBlits() {
        var c = Canvas(width: 8, height: 2)
        c.put("a漢b", x: 1, y: 0, role: .title)
        c.put("字z", x: 5, y: 1, role: .error, clip: Rect(x: 0, y: 1, width: 7, height: 1))
        #expect(c == Canvas(lines: [" a漢b   ", "     字 "], roles: [".TTTT...", ".....EE."]))
        var framed = Canvas(lines: ["........"])
        framed.blit(c, x: -1, y: -1)
        #expect(framed == Canvas(lines: ["    字 ."], roles: ["....EE.."]), "a blit carries roles and blank cells with it")
    }
}
