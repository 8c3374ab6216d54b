import CNcursesw
import SonicMapUI
import Testing
@testable import SonicMapTerminal

@Suite struct RolePaletteTests {
    let xterm256 = ColorCapability(depth: .palette(count: 256), pairs: 65536, defaultColors: true)

    @Test func defaultColoursUsePairZero() {
        let palette = RolePalette(theme: .builtinDefault, capability: xterm256)
        #expect(palette.entry(for: .text) == .init(attributes: sm_a_normal(), pair: 0))
        #expect(palette.entry(for: .title) == .init(attributes: sm_a_bold(), pair: 0))
        #expect(palette.entry(for: .selection).attributes == sm_a_reverse())
    }

    @Test func oneDistinctPairPerColourCombination() {
        let palette = RolePalette(theme: .builtinDefault, capability: xterm256)
        let red = palette.entry(for: .healthBad)
        #expect(red.attributes == sm_a_bold())
        #expect(palette.entry(for: .error).pair == red.pair)
        #expect(palette.pairs.first { $0.pair == red.pair } == .init(pair: red.pair, foreground: 1, background: -1))
        #expect(Set(palette.pairs.map(\.pair)).count == palette.pairs.count)
        #expect(Set(palette.pairs.map { [$0.foreground, $0.background] }).count == palette.pairs.count)
        #expect(palette.pairs.map(\.pair) == Array(1...Int32(palette.pairs.count)))
    }

    @Test func monochromeKeepsAttributesOnly() {
        let palette = RolePalette(theme: .builtinDefault, capability: .monochrome)
        #expect(palette.pairs.isEmpty)
        #expect(Role.allCases.allSatisfy { palette.entry(for: $0).pair == 0 })
        #expect(palette.entry(for: .selection).attributes == sm_a_reverse())
        #expect(palette.entry(for: .muted).attributes == sm_a_dim())
        #expect(palette.entry(for: .statusError).attributes == sm_a_bold() | sm_a_reverse())
    }

    @Test func runningOutOfPairsFallsBackToPairZero() {
        let small = ColorCapability(depth: .palette(count: 256), pairs: 3, defaultColors: true)
        let palette = RolePalette(theme: .builtinDefault, capability: small)
        #expect(palette.pairs.count == 2)
        #expect(Role.allCases.contains { palette.entry(for: $0).pair == 0 && $0 != .text })
    }

    @Test func withoutDefaultColoursTheDefaultIsWhiteOnBlack() {
        let noDefaults = ColorCapability(depth: .palette(count: 8), pairs: 64, defaultColors: false)
        let palette = RolePalette(theme: .builtinDefault, capability: noDefaults)
        #expect(palette.entry(for: .text).pair == 0)
        #expect(palette.pairs.allSatisfy { $0.background == 0 && $0.foreground >= 0 })
    }

    @Test func coloursAreReducedToThePalette() {
        let eight = ColorCapability.Depth.palette(count: 8)
        #expect(RolePalette.number(.indexed(8), depth: eight, default: -1) == 7)
        #expect(RolePalette.number(.indexed(9), depth: eight, default: -1) == 1)
        #expect(RolePalette.number(.rgb(250, 10, 10), depth: eight, default: -1) == 1)
        #expect(RolePalette.number(.indexed(196), depth: .palette(count: 16), default: -1) == 9)
        #expect(RolePalette.number(.rgb(215, 0, 0), depth: .palette(count: 256), default: -1) == 160)
        #expect(RolePalette.number(.terminalDefault, depth: .palette(count: 256), default: -1) == -1)
    }

    @Test func directColourUsesRGBNumbers() {
        #expect(RolePalette.number(.rgb(0x12, 0x34, 0x56), depth: .direct, default: -1) == 0x123456)
        #expect(RolePalette.number(.indexed(3), depth: .direct, default: -1) == 3)
        #expect(RolePalette.number(.indexed(196), depth: .direct, default: -1) == 0xFF0000)
        #expect(RolePalette.number(.rgb(0, 0, 1), depth: .direct, default: -1) == 8)
    }

    @Test func depthFromColourCount() {
        #expect(ColorCapability.depth(colors: 0) == .none)
        #expect(ColorCapability.depth(colors: 8) == .palette(count: 8))
        #expect(ColorCapability.depth(colors: 88) == .palette(count: 16))
        #expect(ColorCapability.depth(colors: 256) == .palette(count: 256))
        #expect(ColorCapability.depth(colors: 1 << 24) == .direct)
    }
}
