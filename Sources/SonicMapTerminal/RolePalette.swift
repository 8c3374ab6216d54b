import CNcursesw
import SonicMapUI

/// The curses attributes and colour pair for every `Role` under one `Theme`,
/// reduced to what the terminal supports.
///
/// Each distinct (foreground, background) gets its own pair from 1 upwards; the
/// terminal's default colours use pair 0. When the terminal has fewer pairs than
/// the theme needs, the remaining roles fall back to pair 0 and keep their
/// attributes.
struct RolePalette: Equatable {
    /// How one role is drawn.
    struct Entry: Equatable {
        var attributes: attr_t
        var pair: Int32
    }

    /// A colour pair to define with `init_extended_pair`.
    struct PairDefinition: Equatable {
        var pair: Int32
        var foreground: Int32
        var background: Int32
    }

    private(set) var entries: [Entry] = []
    private(set) var pairs: [PairDefinition] = []

    init(theme: Theme, capability: ColorCapability) {
        let usable = capability.depth == .none ? theme.monochrome : theme
        let defaultForeground: Int32 = capability.defaultColors ? -1 : 7
        let defaultBackground: Int32 = capability.defaultColors ? -1 : 0
        var allocated: [Int64: Int32] = [:]
        for role in Role.allCases {
            let style = usable.style(for: role)
            var entry = Entry(attributes: RolePalette.attributes(of: style), pair: 0)
            if capability.depth != .none {
                let fg = RolePalette.number(style.foreground, depth: capability.depth, default: defaultForeground)
                let bg = RolePalette.number(style.background, depth: capability.depth, default: defaultBackground)
                if fg != defaultForeground || bg != defaultBackground {
                    let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
                    if let pair = allocated[key] {
                        entry.pair = pair
                    } else if pairs.count + 1 < capability.pairs {
                        let pair = Int32(pairs.count + 1)
                        pairs.append(PairDefinition(pair: pair, foreground: fg, background: bg))
                        allocated[key] = pair
                        entry.pair = pair
                    }
                }
            }
            entries.append(entry)
        }
    }

    /// How `role` is drawn.
    func entry(for role: Role) -> Entry {
        entries[Int(role.rawValue)]
    }

    /// Defines every pair in curses.
    func install() {
        for p in pairs {
            init_extended_pair(p.pair, p.foreground, p.background)
        }
    }

    static func attributes(of style: Style) -> attr_t {
        var a = sm_a_normal()
        if style.bold { a |= sm_a_bold() }
        if style.dim { a |= sm_a_dim() }
        if style.underline { a |= sm_a_underline() }
        if style.reverse { a |= sm_a_reverse() }
        return a
    }

    /// The curses colour number for `color` at `depth`; `fallback` for the terminal's
    /// own colour.
    static func number(_ color: Color, depth: ColorCapability.Depth, default fallback: Int32) -> Int32 {
        switch depth {
        case .none:
            return fallback
        case .palette(let count):
            switch RolePalette.brightAsNormal(color, count: count).reduced(toPaletteOf: count) {
            case .terminalDefault: return fallback
            case .indexed(let i): return Int32(i)
            case .rgb: return fallback
            }
        case .direct:
            switch color {
            case .terminalDefault: return fallback
            case .indexed(let i) where i < 8: return Int32(i)
            case .indexed(let i):
                let (r, g, b) = Color.rgbOf(index: i)
                return direct(r, g, b)
            case .rgb(let r, let g, let b): return direct(r, g, b)
            }
        }
    }

    /// On an 8-colour terminal, bright colours 9–15 become their normal counterparts
    /// (as such terminals show them) and bright black (grey) becomes white, where the
    /// nearest-colour match would pick yellow.
    private static func brightAsNormal(_ color: Color, count: Int) -> Color {
        guard count == 8, case .indexed(let i) = color, (8...15).contains(i) else { return color }
        return .indexed(i == 8 ? 7 : i - 8)
    }

    /// A direct colour number; values below 8 would mean ANSI colours, so the darkest
    /// blues are nudged to 8.
    private static func direct(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int32 {
        max(8, Int32(r) << 16 | Int32(g) << 8 | Int32(b))
    }
}
