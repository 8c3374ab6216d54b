import SonicMapCore
import SonicMapUI

/// Draws a `Canvas` as a standalone SVG picture in a theme's colours: a terminal-like
/// page of monospace text that opens in any browser and scales without blurring.
/// Canvas text is already free of control characters; XML's special characters are
/// escaped here.
public enum SVGRenderer {
    /// Cell size in SVG user units, for a 14-unit monospace font.
    static let cellWidth = 8.4
    static let cellHeight = 17.0
    static let fontSize = 14.0

    /// The page colours behind a theme's `default` colour: a dark terminal, unless the
    /// theme's text has its own colours.
    public struct Page: Sendable {
        public var background: (UInt8, UInt8, UInt8)
        public var foreground: (UInt8, UInt8, UInt8)

        public init(background: (UInt8, UInt8, UInt8), foreground: (UInt8, UInt8, UInt8)) {
            self.background = background
            self.foreground = foreground
        }

        public static let dark = Page(background: (0x1c, 0x1c, 0x1c), foreground: (0xd4, 0xd4, 0xd4))
        public static let light = Page(background: (0xff, 0xff, 0xff), foreground: (0x1f, 0x29, 0x37))

        /// The page a theme asks for: light for a theme named `light`, dark otherwise.
        public static func `for`(_ theme: Theme) -> Page { theme.name == "light" ? .light : .dark }
    }

    /// The 16 basic colours as they read on a dark page; xterm's own values are too dim
    /// (blue on black) for a picture meant to be read.
    static let darkBasic: [(UInt8, UInt8, UInt8)] = [
        (0x3a, 0x3a, 0x3a), (0xf0, 0x5d, 0x5d), (0x5f, 0xd7, 0x87), (0xe5, 0xc0, 0x7b), (0x61, 0xaf, 0xef), (0xc6, 0x78, 0xdd), (0x56, 0xb6, 0xc2), (0xdc, 0xdf, 0xe4),
        (0x8a, 0x8f, 0x98), (0xff, 0x7b, 0x72), (0x7e, 0xe7, 0x87), (0xff, 0xd7, 0x5f), (0x79, 0xc0, 0xff), (0xd2, 0xa8, 0xff), (0x76, 0xe3, 0xea), (0xff, 0xff, 0xff),
    ]
    /// The same on a white page.
    static let lightBasic: [(UInt8, UInt8, UInt8)] = [
        (0x1f, 0x29, 0x37), (0xc0, 0x1c, 0x28), (0x1a, 0x7f, 0x37), (0x9a, 0x67, 0x00), (0x1d, 0x4e, 0xd8), (0x86, 0x28, 0x9e), (0x0e, 0x74, 0x90), (0x6b, 0x72, 0x80),
        (0x6b, 0x72, 0x80), (0xdc, 0x26, 0x26), (0x15, 0x80, 0x3d), (0xb4, 0x53, 0x09), (0x25, 0x63, 0xeb), (0x9d, 0x17, 0xbd), (0x08, 0x91, 0xb2), (0x11, 0x18, 0x27),
    ]

    /// Characters of the picture's `<title>` kept before it is cut with `…`: the title
    /// carries snapshot text (its creation time), which a hostile snapshot can make any
    /// length. The picture's own text is bounded by the canvas, one cell per column.
    public static let maxTitleCharacters = 256

    public static func render(_ canvas: Canvas, theme: Theme, page: Page? = nil, title: String = "sonicmap") -> String {
        let page = page ?? .for(theme)
        let w = Double(canvas.width) * cellWidth, h = Double(canvas.height) * cellHeight
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(w))" height="\(fmt(h))" viewBox="0 0 \(fmt(w)) \(fmt(h))" font-family="DejaVu Sans Mono, Menlo, Consolas, 'Liberation Mono', monospace" font-size="\(fmt(fontSize))">
            <title>\(escape(title, maxCharacters: maxTitleCharacters))</title>
            <rect width="100%" height="100%" fill="\(hex(page.background))"/>

            """
        var texts = ""
        for y in 0..<canvas.height {
            var x = 0
            while x < canvas.width {
                let cell = canvas[x, y]
                let style = theme.style(for: cell.role)
                var end = x + 1
                var run = cell.text
                while end < canvas.width, canvas[end, y].role == cell.role {
                    run += canvas[end, y].text
                    end += 1
                }
                let (fg, bg) = colours(style, page: page)
                let x0 = Double(x) * cellWidth, y0 = Double(y) * cellHeight
                if bg != page.background || style.reverse {
                    out += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y0))\" width=\"\(fmt(Double(end - x) * cellWidth))\" height=\"\(fmt(cellHeight))\" fill=\"\(hex(bg))\"/>\n"
                }
                let trimmed = run.reversed().drop { $0 == " " }.reversed()
                let leading = trimmed.prefix { $0 == " " }.count
                let visible = String(trimmed.dropFirst(leading))
                if !visible.isEmpty {
                    let columns = DisplayWidth.of(visible)
                    var attrs = "x=\"\(fmt(x0 + Double(leading) * cellWidth))\" y=\"\(fmt(y0 + cellHeight * 0.78))\" fill=\"\(hex(fg))\""
                    attrs += " textLength=\"\(fmt(Double(columns) * cellWidth))\" lengthAdjust=\"spacingAndGlyphs\""
                    if style.bold { attrs += " font-weight=\"bold\"" }
                    if style.dim { attrs += " fill-opacity=\"0.65\"" }
                    if style.underline { attrs += " text-decoration=\"underline\"" }
                    texts += "<text \(attrs)>\(escape(visible))</text>\n"
                }
                x = end
            }
        }
        out += "<g xml:space=\"preserve\">\n" + texts + "</g>\n</svg>\n"
        return out
    }

    static func colours(_ s: Style, page: Page) -> (fg: (UInt8, UInt8, UInt8), bg: (UInt8, UInt8, UInt8)) {
        let fg = rgb(s.foreground, page: page, isForeground: true)
        let bg = rgb(s.background, page: page, isForeground: false)
        return s.reverse ? (bg, fg) : (fg, bg)
    }

    static func rgb(_ c: Color, page: Page, isForeground: Bool) -> (UInt8, UInt8, UInt8) {
        switch c {
        case .terminalDefault: return isForeground ? page.foreground : page.background
        case .indexed(let i) where i < 16: return (page.background == Page.light.background ? lightBasic : darkBasic)[Int(i)]
        case .indexed(let i): return Color.rgbOf(index: i)
        case .rgb(let r, let g, let b): return (r, g, b)
        }
    }

    static func hex(_ c: (UInt8, UInt8, UInt8)) -> String {
        "#" + [c.0, c.1, c.2].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// XML text and attribute escaping.
    public static func escape(_ s: String, maxCharacters: Int? = nil) -> String {
        SafeText.clean(s, escaping: ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;"], maxCharacters: maxCharacters)
    }
}
