/// What the app shows around and over the views: the status line's input line or
/// message, and the `?` overlay.
public struct ChromeState: Equatable, Sendable {
    /// The `/`, `:` or export line being edited, if any.
    public var input: TextInput?
    /// Earlier `:` commands, oldest first, for ↑.
    public var commandHistory: [String] = []
    /// A one-off message for the status line (result of a command), cleared by the next key.
    public var message: String?
    /// The `?` overlay covers the view.
    public var showHelp = false
    /// An export waiting for the user to confirm overwriting its file.
    public var pendingExport: ExportJob?

    public init() {}
}
