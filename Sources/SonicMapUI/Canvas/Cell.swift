/// One terminal cell: a grapheme cluster and the role it is drawn in.
///
/// A wide grapheme (CJK, most emoji) occupies its own cell plus a following
/// continuation cell whose `text` is empty.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String = " ", role: Role = .text) {
        self.text = text
        self.role = role
    }

    /// True for the right half of a wide grapheme.
    public var isContinuation: Bool { text.isEmpty }
}
