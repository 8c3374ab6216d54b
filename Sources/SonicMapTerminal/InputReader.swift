import CNcursesw
import SonicMapUI

/// One decoded input event.
enum InputEvent: Equatable {
    case key(Key)
    case mouse(MouseEvent)
    /// Curses noticed a size change itself (`KEY_RESIZE`).
    case resize
}

/// Reads everything curses has buffered, in nodelay mode, until `get_wch` returns ERR.
struct InputReader {
    let decoder: KeyDecoder

    /// The events read, and whether `get_wch` returned anything at all. Curses may
    /// swallow what it read (an unwanted mouse report), so nothing read on a readable
    /// stdin is not by itself end of file.
    func readAvailable() -> (events: [InputEvent], readAnything: Bool) {
        var events: [InputEvent] = []
        var readAnything = false
        var value: wint_t = 0
        while true {
            let status = sm_get_wch(&value)
            if status == ERR { return (events, readAnything) }
            readAnything = true
            if status == KEY_CODE_YES {
                if let event = event(forKeyCode: Int32(bitPattern: value)) { events.append(event) }
            } else if let key = decoder.decode(character: value) {
                events.append(.key(key))
            }
        }
    }

    private func event(forKeyCode code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            return .resize
        case KEY_MOUSE:
            var x: Int32 = 0, y: Int32 = 0
            var state: mmask_t = 0
            guard sm_get_mouse(&x, &y, &state) == OK else { return nil }
            return MouseDecoder.event(buttonState: state, x: Int(x), y: Int(y)).map(InputEvent.mouse)
        default:
            return decoder.decode(keyCode: code).map(InputEvent.key)
        }
    }
}
