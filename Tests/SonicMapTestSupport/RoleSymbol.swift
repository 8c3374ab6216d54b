import SonicMapUI

/// The fixed symbol of each role in golden style masks. A table rather than the role's
/// position, so adding a role changes no other role's symbol and no existing mask; the
/// switch is exhaustive, so a new role cannot be drawn without a symbol of its own.
/// Symbols are mnemonic where they can be (`e` Envoy, `t` Triton, `q` queue phase).
public enum RoleSymbol {
    public static func of(_ role: Role) -> Character {
        switch role {
        case .text: "."
        case .muted: ","
        case .border: "#"
        case .title: "T"
        case .selection: "S"
        case .breadcrumb: ">"
        case .statusBar: "_"
        case .statusOK: "+"
        case .statusWarn: "~"
        case .statusError: "!"
        case .key: "K"
        case .nodeEnvoy: "e"
        case .nodeTriton: "t"
        case .nodeVirtual: "v"
        case .nodeDatabase: "d"
        case .nodeOther: "o"
        case .nodeModel: "m"
        case .edge: "-"
        case .edgeOrphan: ":"
        case .edgeSelected: "="
        case .healthOK: "G"
        case .healthWarn: "Y"
        case .healthBad: "R"
        case .healthUnknown: "?"
        case .latency0: "0"
        case .latency1: "1"
        case .latency2: "2"
        case .latency3: "3"
        case .latency4: "4"
        case .phaseProxy: "p"
        case .phaseNetwork: "n"
        case .phaseRequest: "r"
        case .phaseQueue: "q"
        case .phaseInput: "i"
        case .phaseInfer: "f"
        case .phaseOutput: "u"
        case .phaseOther: "x"
        case .error: "E"
        case .warning: "W"
        case .estimate: "*"
        }
    }

    /// One line per row of role symbols, one per column; the right half of a wide
    /// grapheme repeats its symbol.
    public static func mask(_ canvas: Canvas) -> String {
        var out = ""
        for y in 0..<canvas.height {
            for x in 0..<canvas.width { out.append(of(canvas[x, y].role)) }
            out += "\n"
        }
        return out
    }
}
