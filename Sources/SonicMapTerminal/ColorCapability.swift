import CNcursesw

/// What colours the terminal can show, once curses is set up.
struct ColorCapability: Equatable {
    /// How colours are addressed.
    enum Depth: Equatable {
        /// No colour: attributes only.
        case none
        /// The first `count` palette entries (8, 16 or 256).
        case palette(count: Int)
        /// Direct 24-bit colour (terminfo entries such as xterm-direct, COLORS = 2^24):
        /// colour numbers below 8 are the ANSI colours, the rest are 0xRRGGBB.
        case direct
    }

    var depth: Depth
    /// Colour pairs available, pair 0 included (`COLOR_PAIRS`).
    var pairs: Int
    /// Whether -1 means the terminal's own colour (`use_default_colors` succeeded).
    var defaultColors: Bool

    /// Attributes only.
    static let monochrome = ColorCapability(depth: .none, pairs: 0, defaultColors: false)

    /// The depth for a terminfo `COLORS` value.
    static func depth(colors: Int) -> Depth {
        if colors >= 1 << 24 { return .direct }
        if colors >= 256 { return .palette(count: 256) }
        if colors >= 16 { return .palette(count: 16) }
        if colors >= 8 { return .palette(count: 8) }
        return .none
    }

    /// Starts colour in curses (`start_color`, `use_default_colors`) and reports what
    /// the terminal offers; `.monochrome` when `wanted` is false or the terminal has
    /// no colours.
    static func start(wanted: Bool) -> ColorCapability {
        guard wanted, has_colors(), start_color() == OK else { return .monochrome }
        let capability = ColorCapability(
            depth: depth(colors: Int(sm_colors())),
            pairs: Int(sm_color_pairs()),
            defaultColors: use_default_colors() == OK
        )
        return capability.depth == .none || capability.pairs < 2 ? .monochrome : capability
    }
}
