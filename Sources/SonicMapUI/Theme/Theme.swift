/// Maps every semantic `Role` to a `Style`.
///
/// A theme that lacks a role falls back to the built-in default for that role, so a
/// partial theme still draws everything readably.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(for role: Role) -> Style {
        styles[role] ?? Theme.builtinDefault.styles[role] ?? Style()
    }

    /// The same theme with every colour removed and attributes kept, as `NO_COLOR` asks.
    public var monochrome: Theme {
        var out = Theme(name: name, styles: [:])
        for role in Role.allCases { out.styles[role] = Theme.monochromeStyle(role, style(for: role)) }
        return out
    }

    private static func monochromeStyle(_ role: Role, _ s: Style) -> Style {
        var m = s.withoutColor
        switch role {
        case .selection, .edgeSelected, .statusBar: m.reverse = true
        case .healthBad, .error, .statusError, .title: m.bold = true
        case .muted, .edgeOrphan, .healthUnknown: m.dim = true
        default: break
        }
        return m
    }

    /// The built-in palette: ANSI colours 0–15 only, on the terminal's own background,
    /// so it reads on dark and light terminals alike.
    public static let builtinDefault: Theme = {
        let c = Color.named
        var s: [Role: Style] = [:]
        s[.text] = Style()
        s[.muted] = Style(c["bright-black"]!)
        s[.border] = Style(c["bright-black"]!)
        s[.title] = Style(bold: true)
        s[.selection] = Style(reverse: true)
        s[.breadcrumb] = Style(c["blue"]!, bold: true)
        s[.statusBar] = Style(reverse: true)
        s[.statusOK] = Style(c["green"]!, bold: true, reverse: true)
        s[.statusWarn] = Style(c["yellow"]!, bold: true, reverse: true)
        s[.statusError] = Style(c["red"]!, bold: true, reverse: true)
        s[.key] = Style(c["cyan"]!, bold: true)
        s[.nodeEnvoy] = Style(c["magenta"]!, bold: true)
        s[.nodeTriton] = Style(c["cyan"]!, bold: true)
        s[.nodeVirtual] = Style(c["bright-black"]!, bold: true)
        s[.nodeDatabase] = Style(c["yellow"]!, bold: true)
        s[.nodeOther] = Style(bold: true)
        s[.nodeModel] = Style(c["blue"]!)
        s[.edge] = Style(c["bright-black"]!)
        s[.edgeOrphan] = Style(c["bright-black"]!, dim: true)
        s[.edgeSelected] = Style(c["yellow"]!, bold: true)
        s[.healthOK] = Style(c["green"]!)
        s[.healthWarn] = Style(c["yellow"]!)
        s[.healthBad] = Style(c["red"]!, bold: true)
        s[.healthUnknown] = Style(c["bright-black"]!)
        s[.latency0] = Style(c["green"]!)
        s[.latency1] = Style(c["cyan"]!)
        s[.latency2] = Style(c["yellow"]!)
        s[.latency3] = Style(c["magenta"]!)
        s[.latency4] = Style(c["red"]!, bold: true)
        s[.phaseProxy] = Style(c["magenta"]!)
        s[.phaseNetwork] = Style(c["blue"]!)
        s[.phaseRequest] = Style(c["cyan"]!)
        s[.phaseQueue] = Style(c["yellow"]!)
        s[.phaseInput] = Style(c["bright-green"]!)
        s[.phaseInfer] = Style(c["green"]!)
        s[.phaseOutput] = Style(c["bright-cyan"]!)
        s[.phaseOther] = Style(c["bright-black"]!)
        s[.error] = Style(c["red"]!, bold: true)
        s[.warning] = Style(c["yellow"]!)
        s[.estimate] = Style(c["blue"]!)
        return Theme(name: "default", styles: s)
    }()
}
