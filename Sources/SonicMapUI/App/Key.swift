/// A key press, decoded by the terminal backend.
public enum Key: Equatable, Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case tab, backTab, enter, escape, backspace, delete
    case home, end, pageUp, pageDown
    case function(Int)
}

/// A mouse action in canvas coordinates.
public struct MouseEvent: Equatable, Sendable {
    public enum Action: Equatable, Sendable { case press, doubleClick, wheelUp, wheelDown }
    public var action: Action
    public var x: Int
    public var y: Int

    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }
}
