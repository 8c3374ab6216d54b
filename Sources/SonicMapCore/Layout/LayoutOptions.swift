/// Sizes the layered layout works with, in terminal cells.
public struct LayoutOptions: Hashable, Sendable {
    public var boxWidth: Int
    public var boxHeight: Int
    /// Empty rows between boxes of one layer.
    public var rowGap: Int
    /// Columns reserved in each gap for an edge label.
    public var labelWidth: Int

    public init(boxWidth: Int = 22, boxHeight: Int = 4, rowGap: Int = 1, labelWidth: Int = 8) {
        self.boxWidth = max(5, boxWidth)
        self.boxHeight = max(3, boxHeight)
        self.rowGap = max(0, rowGap)
        self.labelWidth = max(0, labelWidth)
    }
}
