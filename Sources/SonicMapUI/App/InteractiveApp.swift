/// What a backend's event loop drives: the UI side of the Elm loop, seen from the
/// terminal. The backend owns the terminal and calls these on its single UI thread.
public protocol InteractiveApp: AnyObject {
    /// Applies a key press; returns whether to keep running.
    func handle(key: Key) -> LoopControl
    /// Applies a mouse action in canvas coordinates.
    func handle(mouse: MouseEvent) -> LoopControl
    /// The terminal changed size.
    func resized(width: Int, height: Int)
    /// The wake-up pipe fired: new data may be waiting in the mailbox.
    /// Returns true when the screen needs redrawing.
    func woke() -> Bool
    /// Called when `secondsUntilTick` has passed. Returns true when the screen needs redrawing.
    func tick() -> Bool
    /// Seconds until the app next needs `tick()` (for example to update the data age),
    /// or nil to sleep until input or a wake-up.
    var secondsUntilTick: Double? { get }
    /// The whole screen as it should look now.
    func render(width: Int, height: Int) -> Canvas
    /// The theme to draw roles with.
    var theme: Theme { get }
}

/// Whether the event loop keeps going.
public enum LoopControl: Equatable, Sendable {
    case keepRunning
    case quit(exitCode: Int32)
}
