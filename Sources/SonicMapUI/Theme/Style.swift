/// How one role is drawn: colours and attributes.
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        _ foreground: Color = .terminalDefault, on background: Color = .terminalDefault,
        bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    /// The same attributes without colour, for `NO_COLOR` and monochrome terminals.
    public var withoutColor: Style {
        Style(bold: bold, dim: dim, underline: underline, reverse: reverse)
    }
}
