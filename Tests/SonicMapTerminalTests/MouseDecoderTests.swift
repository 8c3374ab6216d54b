import CNcursesw
import SonicMapUI
import Testing
@testable import SonicMapTerminal

@Suite struct MouseDecoderTests {
    @Test func buttonStates() {
        #expect(MouseDecoder.event(buttonState: sm_button1_pressed(), x: 3, y: 4) == MouseEvent(.press, x: 3, y: 4))
        #expect(MouseDecoder.event(buttonState: sm_button1_clicked(), x: 1, y: 2) == MouseEvent(.press, x: 1, y: 2))
        #expect(MouseDecoder.event(buttonState: sm_button1_double_clicked(), x: 0, y: 0) == MouseEvent(.doubleClick, x: 0, y: 0))
        #expect(MouseDecoder.event(buttonState: sm_button4_pressed(), x: 5, y: 6) == MouseEvent(.wheelUp, x: 5, y: 6))
        #expect(MouseDecoder.event(buttonState: sm_button5_pressed(), x: 5, y: 6) == MouseEvent(.wheelDown, x: 5, y: 6))
        #expect(MouseDecoder.event(buttonState: sm_button1_released(), x: 5, y: 6) == nil)
    }

    @Test func maskAsksForEveryDecodedState() {
        for state in [sm_button1_pressed(), sm_button1_clicked(), sm_button1_double_clicked(), sm_button4_pressed(), sm_button5_pressed()] {
            #expect(MouseDecoder.mask & state == state)
        }
    }
}
