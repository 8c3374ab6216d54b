/// A colour as a theme names it: the terminal's own default, one of the 256 indexed
/// colours, or a 24-bit value that a backend reduces to what the terminal supports.
public enum Color: Equatable, Hashable, Sendable {
    case terminalDefault
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// The 8 basic ANSI colours by name, as theme files spell them.
    public static let named: [String: Color] = [
        "black": .indexed(0), "red": .indexed(1), "green": .indexed(2), "yellow": .indexed(3),
        "blue": .indexed(4), "magenta": .indexed(5), "cyan": .indexed(6), "white": .indexed(7),
        "bright-black": .indexed(8), "gray": .indexed(8), "grey": .indexed(8),
        "bright-red": .indexed(9), "bright-green": .indexed(10), "bright-yellow": .indexed(11),
        "bright-blue": .indexed(12), "bright-magenta": .indexed(13), "bright-cyan": .indexed(14),
        "bright-white": .indexed(15),
    ]

    /// The nearest colour among the first `count` indexed colours (8, 16 or 256).
    public func reduced(toPaletteOf count: Int) -> Color {
        switch self {
        case .terminalDefault:
            return self
        case .indexed(let i):
            if Int(i) < count { return self }
            return Color.rgb(Color.rgbOf(index: i)).reduced(toPaletteOf: count)
        case .rgb(let r, let g, let b):
            if count > 256 { return self }
            let limit = min(count, 256)
            var best = 0
            var bestDistance = Int.max
            for i in 0..<limit {
                let (cr, cg, cb) = Color.rgbOf(index: UInt8(i))
                let d = sq(Int(r) - Int(cr)) * 3 + sq(Int(g) - Int(cg)) * 4 + sq(Int(b) - Int(cb)) * 2
                if d < bestDistance { bestDistance = d; best = i }
            }
            return .indexed(UInt8(best))
        }
    }

    private static func rgb(_ c: (UInt8, UInt8, UInt8)) -> Color { .rgb(c.0, c.1, c.2) }

    /// The xterm default RGB value of an indexed colour.
    public static func rgbOf(index i: UInt8) -> (UInt8, UInt8, UInt8) {
        let base: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if i < 16 { return base[Int(i)] }
        if i >= 232 {
            let v = UInt8(8 + 10 * (Int(i) - 232))
            return (v, v, v)
        }
        let n = Int(i) - 16
        let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
        return (steps[n / 36], steps[(n / 6) % 6], steps[n % 6])
    }
}

private func sq(_ x: Int) -> Int { x * x }
