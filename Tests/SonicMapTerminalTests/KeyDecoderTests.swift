import CNcursesw
import SonicMapUI
import Testing
@testable import SonicMapTerminal

@Suite struct KeyDecoderTests {
    let decoder = KeyDecoder()

    @Test func controlCharacters() {
        #expect(decoder.decode(character: 9) == .tab)
        #expect(decoder.decode(character: 10) == .enter)
        #expect(decoder.decode(character: 13) == .enter)
        #expect(decoder.decode(character: 27) == .escape)
        #expect(decoder.decode(character: 127) == .backspace)
        #expect(decoder.decode(character: 8) == .backspace)
        #expect(decoder.decode(character: 1) == .ctrl("a"))
        #expect(decoder.decode(character: 26) == .ctrl("z"))
        #expect(decoder.decode(character: 0) == .ctrl(" "))
        #expect(decoder.decode(character: 31) == .ctrl("_"))
    }

    @Test func printableCharacters() {
        #expect(decoder.decode(character: 0x6A) == .char("j"))
        #expect(decoder.decode(character: 0x20) == .char(" "))
        #expect(decoder.decode(character: 0xE9) == .char("é"))
        #expect(decoder.decode(character: 0x6F22) == .char("漢"))
        #expect(decoder.decode(character: 0x85) == nil)
        #expect(decoder.decode(character: 0xD800) == nil)
    }

    @Test func keyCodes() {
        let table: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_SR, .shiftUp), (KEY_SF, .shiftDown), (KEY_SLEFT, .shiftLeft), (KEY_SRIGHT, .shiftRight),
            (KEY_BTAB, .backTab), (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete),
            (KEY_HOME, .home), (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown),
            (sm_key_f(1), .function(1)), (sm_key_f(12), .function(12)),
        ]
        for (code, key) in table {
            #expect(decoder.decode(keyCode: code) == key)
        }
        #expect(decoder.decode(keyCode: sm_key_f(13)) == nil)
        #expect(decoder.decode(keyCode: KEY_IC) == nil)
    }

    @Test func extendedKeyCodesFromTheTerminal() {
        var withExtended = KeyDecoder()
        withExtended.extended[600] = .shiftUp
        #expect(withExtended.decode(keyCode: 600) == .shiftUp)
        #expect(decoder.decode(keyCode: 600) == nil)
    }
}
