import CNcursesw
import SonicMapUI

/// Maps what `get_wch` returns to `Key`s.
///
/// Characters (`get_wch` returned OK) and key codes (`KEY_CODE_YES`) are decoded
/// separately because their number ranges overlap. Key codes that ncurses assigns at
/// run time to xterm's extended capabilities (`kUP`, `kDN`: Shift-Up/Down) are looked
/// up once per terminal and passed in as `extended`.
struct KeyDecoder {
    /// Run-time key codes for extended terminfo capabilities.
    var extended: [Int32: Key] = [:]

    /// The extended capabilities worth asking the terminal about.
    static let extendedCapabilities: [(name: String, key: Key)] = [
        ("kUP", .shiftUp), ("kDN", .shiftDown), ("kLFT", .shiftLeft), ("kRIT", .shiftRight),
    ]

    /// A decoder knowing the current terminal's extended key codes. Needs curses set up.
    static func forCurrentTerminal() -> KeyDecoder {
        var decoder = KeyDecoder()
        for (name, key) in extendedCapabilities {
            let code = sm_extended_key_code(name)
            if code > 0 { decoder.extended[code] = key }
        }
        return decoder
    }

    /// A character read by `get_wch`, or nil for one sonicmap ignores.
    func decode(character value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 28...31: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x40)))
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// A key code read by `get_wch` (other than `KEY_MOUSE` and `KEY_RESIZE`), or
    /// nil for one sonicmap ignores.
    func decode(keyCode code: Int32) -> Key? {
        if let key = extended[code] { return key }
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_HOME, KEY_SHOME: return .home
        case KEY_END, KEY_SEND: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case sm_key_f(1)...sm_key_f(12): return .function(Int(code - sm_key_f(0)))
        default: return nil
        }
    }
}
