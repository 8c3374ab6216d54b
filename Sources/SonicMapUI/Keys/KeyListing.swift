import SonicMapCore

/// `sonicmap keys`: every binding of every view and every `:` command, from the tables
/// that dispatch them, as text, Markdown (the README's key table) or JSON.
public enum KeyListing {
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    public static func render(_ format: Format) -> String {
        switch format {
        case .text: text()
        case .markdown: markdown()
        case .json: json()
        }
    }

    private static var scopes: [KeyScope] { KeyScope.allCases }

    private static func text() -> String {
        var lines: [String] = []
        for scope in scopes {
            let rows = KeyMap.bindings(scope)
            let width = rows.map { DisplayWidth.of($0.keyNames.joined(separator: " ")) }.max() ?? 0
            lines.append(scope.title)
            for row in rows {
                let keys = row.keyNames.joined(separator: " ")
                lines.append("  " + keys + String(repeating: " ", count: width - DisplayWidth.of(keys)) + "  " + row.help)
            }
            lines.append("")
        }
        lines.append("commands (after :)")
        let width = CommandVerb.allCases.map(\.rawValue.count).max() ?? 0
        for verb in CommandVerb.allCases {
            lines.append("  " + verb.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + verb.help)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func markdown() -> String {
        var lines = ["| view | keys | what it does |", "|---|---|---|"]
        for scope in scopes {
            for row in KeyMap.bindings(scope) {
                let keys = row.keyNames.map { "`\($0)`" }.joined(separator: " ")
                lines.append("| \(scope.title) | \(keys) | \(row.help.replacingOccurrences(of: "|", with: "\\|")) |")
            }
        }
        lines += ["", "| command | what it does |", "|---|---|"]
        for verb in CommandVerb.allCases {
            lines.append("| `:\(verb.rawValue)` | \(verb.help) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func json() -> String {
        var w = JSONDocumentWriter()
        w.beginObject()
        w.beginArray("bindings")
        for scope in scopes {
            for row in KeyMap.bindings(scope) {
                w.beginObject()
                w.string("view", scope.rawValue)
                w.beginArray("keys")
                for name in row.keyNames { w.string(nil, name) }
                w.endArray()
                w.string("help", row.help)
                w.endObject()
            }
        }
        w.endArray()
        w.beginArray("commands")
        for verb in CommandVerb.allCases {
            w.beginObject()
            w.string("command", verb.rawValue)
            w.string("help", verb.help)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
