import Foundation
import Yams

/// Reads themes: YAML files that map semantic roles to colours and attributes.
///
/// ```yaml
/// name: dark
/// roles:
///   text: {fg: 252, bg: 234}
///   selection: {fg: "#1c1c1c", bg: blue, bold: true}
/// ```
/// Colours are a name (`red`, `bright-blue` …), 0–255, `#rrggbb`, or `default` (the
/// terminal's own colour). A missing or invalid role falls back to the built-in default
/// for that role, with a warning; nothing in a theme file can stop sonicmap starting.
public enum ThemeLoader {
    /// The themes shipped with sonicmap.
    public static let shipped = ["default", "dark", "light", "high-contrast", "colorblind", "monochrome"]

    /// A theme and what was wrong with its file.
    public struct Loaded: Sendable {
        public var theme: Theme
        public var warnings: [String]
    }

    /// Folders searched, in order: `themes/` next to the binary (and `../share/sonicmap/themes`),
    /// then `~/.config/sonicmap/themes` (XDG), then `./themes` for a source checkout.
    public static func searchPath(executable: String = CommandLine.arguments.first ?? "",
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let exeDir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let config = environment["XDG_CONFIG_HOME"].map { $0 + "/sonicmap/themes" }
            ?? (environment["HOME"].map { $0 + "/.config/sonicmap/themes" } ?? "")
        var out = [exeDir.appendingPathComponent("themes").path, exeDir.appendingPathComponent("../share/sonicmap/themes").standardized.path]
        if !config.isEmpty { out.append(config) }
        out.append(FileManager.default.currentDirectoryPath + "/themes")
        return out
    }

    /// Finds and reads the theme called `name` (or a path to a `.yaml` file).
    public static func load(_ name: String, searchPath: [String] = searchPath()) -> Loaded {
        let candidates = name.contains("/") || name.hasSuffix(".yaml") ? [name] : searchPath.map { $0 + "/" + name + ".yaml" }
        for path in candidates {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            return parse(String(decoding: data, as: UTF8.self), name: name, file: path)
        }
        if name == "default" { return Loaded(theme: .builtinDefault, warnings: []) }
        return Loaded(theme: .builtinDefault, warnings: ["theme '\(name)' not found (looked in \(searchPath.joined(separator: ", "))); using the built-in default"])
    }

    /// Parses theme YAML. Never throws: problems become warnings and per-role fallbacks.
    public static func parse(_ yaml: String, name: String, file: String = "<theme>") -> Loaded {
        var warnings: [String] = []
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                return Loaded(theme: Theme(name: name, styles: Theme.builtinDefault.styles), warnings: ["\(file): empty theme; using the built-in default"])
            }
            root = node
        } catch let error as YamlError {
            return Loaded(theme: Theme(name: name, styles: Theme.builtinDefault.styles), warnings: ["\(file): \(describe(error)); using the built-in default"])
        } catch {
            return Loaded(theme: Theme(name: name, styles: Theme.builtinDefault.styles), warnings: ["\(file): \(error); using the built-in default"])
        }
        let byName = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.name, $0) })
        var styles: [Role: Style] = [:]
        let themeName = root["name"]?.string ?? name
        if let roles = root["roles"]?.mapping {
            for (key, value) in roles {
                let line = (key.mark?.line).map { ":\($0)" } ?? ""
                guard let roleName = key.string, let role = byName[roleName] else {
                    warnings.append("\(file)\(line): unknown role '\(key.string ?? "?")'")
                    continue
                }
                switch style(value) {
                case .success(let s): styles[role] = s
                case .failure(let problem): warnings.append("\(file)\(line): role \(roleName): \(problem.message); using the default")
                }
            }
        } else {
            warnings.append("\(file): no 'roles' mapping; using the built-in default")
        }
        let missing = Role.allCases.filter { styles[$0] == nil }
        if !missing.isEmpty, root["roles"]?.mapping != nil {
            warnings.append("\(file): \(missing.count) role(s) missing (\(missing.prefix(4).map(\.name).joined(separator: ", "))\(missing.count > 4 ? ", …" : "")); using the defaults for them")
        }
        for role in missing { styles[role] = Theme.builtinDefault.styles[role] }
        return Loaded(theme: Theme(name: themeName, styles: styles), warnings: warnings)
    }

    struct Problem: Error { var message: String }

    static func style(_ node: Node) -> Result<Style, Problem> {
        guard let map = node.mapping else { return .failure(Problem(message: "expected {fg: …, bg: …, bold: …}")) }
        var s = Style()
        for (k, v) in map {
            switch k.string {
            case "fg", "bg":
                guard let c = color(v) else { return .failure(Problem(message: "'\(v.string ?? "?")' is not a colour (a name, 0–255, #rrggbb or default)")) }
                if k.string == "fg" { s.foreground = c } else { s.background = c }
            case "bold", "dim", "underline", "reverse":
                guard let b = v.bool else { return .failure(Problem(message: "\(k.string!) must be true or false")) }
                switch k.string {
                case "bold": s.bold = b
                case "dim": s.dim = b
                case "underline": s.underline = b
                default: s.reverse = b
                }
            default:
                return .failure(Problem(message: "unknown attribute '\(k.string ?? "?")'"))
            }
        }
        return .success(s)
    }

    /// A colour from its theme-file spelling.
    public static func color(_ node: Node) -> Color? {
        if let i = node.int { return (0...255).contains(i) ? .indexed(UInt8(i)) : nil }
        guard let text = node.string?.lowercased() else { return nil }
        if text == "default" { return .terminalDefault }
        if let named = Color.named[text] { return named }
        if text.hasPrefix("#"), text.count == 7, let v = UInt32(text.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return String(describing: error)
        }
    }
}
