/// A one-line editor for `/` filters, the traces view's TraceQL query and `:` commands, with history.
public struct TextInput: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case filter, command
        /// The traces view's TraceQL query.
        case query
        /// `e`: format and path of a snapshot export.
        case export
        /// A yes/no question (overwrite a file?).
        case confirm(question: String)
    }

    public var purpose: Purpose
    public var text: String
    /// Position in the history while browsing it with ↑/↓ (nil: editing a new line).
    var historyIndex: Int?

    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.text = text
    }

    /// The prompt character shown before the text.
    public var prompt: String {
        switch purpose {
        case .filter: "/"
        case .query: "TraceQL "
        case .command: ":"
        case .export: "export "
        case .confirm(let question): question + " (y/n) "
        }
    }

    /// Applies an editing key; returns false for keys it does not handle (Enter, Esc).
    mutating func edit(_ key: Key, history: [String]) -> Bool {
        switch key {
        case .char(let c):
            text.append(c)
        case .backspace, .ctrl("h"):
            if !text.isEmpty { text.removeLast() }
        case .ctrl("u"):
            text = ""
        case .up:
            guard !history.isEmpty else { return true }
            let i = max(0, (historyIndex ?? history.count) - 1)
            historyIndex = i
            text = history[i]
        case .down:
            guard let i = historyIndex else { return true }
            if i + 1 < history.count {
                historyIndex = i + 1
                text = history[i + 1]
            } else {
                historyIndex = nil
                text = ""
            }
        case .tab where purpose == .command:
            text = CommandBar.complete(text)
        case .tab where purpose == .export, .backTab where purpose == .export:
            text = ExportPrompt.cycleFormat(text, backwards: key == .backTab)
        default:
            return false
        }
        return true
    }
}
