import SonicMapCore

/// A grid of cells that views render into and backends draw.
///
/// Everything written goes through `SafeText` and is measured by grapheme cluster,
/// so untrusted text can neither emit escape sequences nor push later cells out of
/// alignment. Writes outside the grid are clipped.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Every write is transliterated to ASCII (for `--ascii` and non-UTF-8 locales), so
    /// nothing reaches such a terminal as mojibake.
    public let asciiOnly: Bool

    public init(width: Int, height: Int, role: Role = .text, asciiOnly: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: Cell(" ", role: role), count: self.width * self.height)
    }

    /// A canvas holding `lines` in `role`, as wide as the widest line: the expected side of
    /// a small buffer test, like ratatui's `Buffer::with_lines`.
    public init(lines: [String], role: Role = .text) {
        self.init(width: lines.map(DisplayWidth.of).max() ?? 0, height: lines.count, role: role)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y, role: role) }
    }

    /// Every row's text (see `line(_:)`).
    public var lines: [String] { (0..<height).map(line) }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from (x, y) and returns the number of columns used. Text is
    /// sanitised, wide graphemes take two cells and never straddle the clip edge.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, clip: Rect? = nil) -> Int {
        let area = clip ?? bounds
        guard y >= area.y, y < area.maxY, y >= 0, y < height else { return DisplayWidth.of(text) }
        let safe = SafeText.clean(text)
        var col = x
        for g in safe {
            let w = DisplayWidth.of(g)
            if w == 0 { continue }
            if asciiOnly && !g.isASCII {
                col += put(ASCIIFallback.text(for: g, width: w), x: col, y: y, role: role, clip: clip)
                continue
            }
            if col >= area.maxX || col >= width { break }
            if col >= area.x && col >= 0 && col + w <= area.maxX && col + w <= width {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(String(g), role: role)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    cells[y * width + col + 1] = Cell("", role: role)
                }
            } else if col >= area.x && col < area.maxX && col < width && col >= 0 {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(" ", role: role)
            }
            col += w
        }
        return col - x
    }

    /// Keeps the grid valid when a cell that is half of a wide grapheme is overwritten.
    private mutating func clearWide(at x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1].text = " "
        } else if x + 1 < width, cells[i + 1].isContinuation, DisplayWidth.of(cells[i].text) == 2 {
            cells[i + 1].text = " "
        }
    }

    /// Fills `rect` with `text` (one column wide) in `role`.
    public mutating func fill(_ rect: Rect, with text: String = " ", role: Role) {
        forEachCell(in: rect) { $0 = Cell(text, role: role) }
    }

    private mutating func forEachCell(in rect: Rect, _ body: (inout Cell) -> Void) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { body(&cells[y * width + x]) }
        }
    }

    /// Copies `other` onto this canvas with its top-left corner at (x, y), clipped to
    /// `clip`. A wide grapheme cut in half by the clip becomes a space.
    public mutating func blit(_ other: Canvas, x: Int, y: Int, clip: Rect? = nil) {
        let area = clip ?? bounds
        for oy in 0..<other.height {
            let ty = y + oy
            guard ty >= max(0, area.y), ty < min(height, area.maxY) else { continue }
            for ox in 0..<other.width {
                let tx = x + ox
                guard tx >= max(0, area.x), tx < min(width, area.maxX) else { continue }
                var cell = other.cells[oy * other.width + ox]
                let leadCut = DisplayWidth.of(cell.text) == 2 && (tx + 1 >= min(width, area.maxX))
                let tailCut = cell.isContinuation && (tx - 1 < max(0, area.x))
                if leadCut || tailCut { cell.text = " " }
                cells[ty * width + tx] = cell
            }
        }
    }

    /// The text of row `y`, wide graphemes once, trailing spaces kept.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !cells[y * width + x].isContinuation {
            s += cells[y * width + x].text
        }
        return s
    }
}
