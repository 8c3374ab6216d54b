/// The characters lines, boxes and bars are drawn with: box-drawing characters in a
/// UTF-8 terminal, plain ASCII otherwise (`--ascii`, or a non-UTF-8 locale).
public struct Glyphs: Equatable, Sendable {
    public var horizontal: String
    public var vertical: String
    public var dashedHorizontal: String
    public var dashedVertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var arrowRight: String
    public var arrowLeft: String
    public var bar: String
    public var ellipsis: String
    public var breadcrumbSeparator: String
    public var sparks: [String]
    /// Junctions indexed by a bitmask of arms: 1 up, 2 down, 4 left, 8 right.
    public var junctions: [String]
    public var isASCII: Bool

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", dashedHorizontal: "╌", dashedVertical: "┆",
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        arrowRight: "▶", arrowLeft: "◀", bar: "█", ellipsis: "…", breadcrumbSeparator: "›",
        sparks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        junctions: [" ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼"],
        isASCII: false)

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", dashedHorizontal: ".", dashedVertical: ":",
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        arrowRight: ">", arrowLeft: "<", bar: "#", ellipsis: "~", breadcrumbSeparator: ">",
        sparks: ["_", ".", "-", "~", "=", "+", "*", "#"],
        junctions: [" ", "|", "|", "|", "-", "+", "+", "+", "-", "+", "+", "+", "-", "+", "+", "+"],
        isASCII: true)
}
