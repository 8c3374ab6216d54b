import CNcursesw
import SonicMapUI

/// Maps curses mouse events to `MouseEvent`s.
enum MouseDecoder {
    /// The events sonicmap asks curses to report. Clicks are included so that curses
    /// can combine two of them into a double click.
    static var mask: mmask_t {
        sm_button1_pressed() | sm_button1_released() | sm_button1_clicked()
            | sm_button1_double_clicked() | sm_button4_pressed() | sm_button5_pressed()
    }

    /// The action for a `getmouse` button state at (x, y), or nil for one sonicmap
    /// ignores (such as a release).
    static func event(buttonState: mmask_t, x: Int, y: Int) -> MouseEvent? {
        let action: MouseEvent.Action
        if buttonState & sm_button1_double_clicked() != 0 {
            action = .doubleClick
        } else if buttonState & (sm_button1_pressed() | sm_button1_clicked()) != 0 {
            action = .press
        } else if buttonState & sm_button4_pressed() != 0 {
            action = .wheelUp
        } else if buttonState & sm_button5_pressed() != 0 {
            action = .wheelDown
        } else {
            return nil
        }
        return MouseEvent(action, x: x, y: y)
    }
}
