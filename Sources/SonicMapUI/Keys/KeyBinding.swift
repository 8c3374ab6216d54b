/// One row of a key table: the keys, what they do, and the help text. A row may give
/// different keys different actions (`j k` select below / above) so that help reads as
/// one line; a row without keys is a hint (`mouse`, `◆`) that only help shows.
public struct KeyBinding: Sendable {
    /// Each key and its action, in the order help lists them.
    public var keys: [(key: Key, action: KeyAction)]
    /// How the `?` overlay writes the keys, compactly (`j k ↓ ↑`, `S-arrows`, `- / +`).
    public var label: String
    public var help: String

    /// A row of keys that all do `action`.
    public init(_ keys: [Key], _ action: KeyAction, label: String? = nil, _ help: String) {
        self.init(keys.map { ($0, action) }, label: label, help)
    }

    /// A row of keys with actions of their own.
    public init(_ keys: [(Key, KeyAction)], label: String? = nil, _ help: String) {
        self.keys = keys.map { (key: $0.0, action: $0.1) }
        self.label = label ?? keys.map { $0.0.name }.joined(separator: " ")
        self.help = help
    }

    /// A hint with no key of its own.
    public init(hint: String, _ help: String) {
        keys = []
        label = hint
        self.help = help
    }

    /// The names of every key in the row (the hint itself for a hint).
    public var keyNames: [String] { keys.isEmpty ? [label] : keys.map(\.key.name) }

    /// The action of `key` in this row, if the row has it.
    public func action(for key: Key) -> KeyAction? { keys.first { $0.key == key }?.action }
}
