/// The map as a Mermaid flowchart (left to right) that GitHub renders inside a
/// ```` ```mermaid ```` block: nodes with their numbers, labelled edges, dashed
/// `unsampled` edges, and health colours through `classDef` and `linkStyle`.
public enum MermaidExporter {
    public static func write(_ s: Snapshot, labels: SnapshotLabels = SnapshotLabels()) -> String {
        var ids: [String: String] = [:]
        for (i, n) in s.nodes.enumerated() { ids[n.id] = "n\(i)" }
        var out = "flowchart LR\n"
        for h in Health.allCases {
            out += "  classDef \(SnapshotLabels.name(h)) stroke:\(SnapshotLabels.stroke(h)),stroke-width:2px\n"
        }
        for role in NodeRole.allCases {
            out += "  classDef role_\(role.rawValue) fill:\(SnapshotLabels.fill(role)),color:#111827\n"
        }
        for n in s.nodes {
            let id = ids[n.id]!
            let text = labels.lines(n).map(escape).joined(separator: "<br/>")
            out += n.role == .virtual ? "  \(id)([\"\(text)\"])\n" : "  \(id)[\"\(text)\"]\n"
            out += "  class \(id) role_\(n.role.rawValue),\(SnapshotLabels.name(labels.health(n)))\n"
        }
        var styles: [String] = []
        var index = 0
        for e in s.edges {
            // An edge to or from a node the snapshot does not list is drawn with a bare id.
            let a = ids[e.client] ?? "x\(index)a", b = ids[e.server] ?? "x\(index)b"
            let arrow = e.rateSource == .orphans ? "-.->" : "-->"
            out += "  \(a) \(arrow)|\"\(escape(labels.label(e)))\"| \(b)\n"
            let color = SnapshotLabels.stroke(labels.health(e))
            styles.append("  linkStyle \(index) stroke:\(color),color:\(color)\n")
            index += 1
        }
        return out + styles.joined()
    }

    /// Characters of one label line kept before it is cut with `…`. Mermaid refuses a
    /// whole diagram over 50,000 characters (its default `maxTextSize`), so one hostile
    /// span name must not use that up; a service or pod name needs far less.
    public static let maxLabelCharacters = 256

    /// Text inside a quoted Mermaid label: control characters removed (line breaks become
    /// spaces), cut past `maxLabelCharacters`, and the characters Mermaid or HTML would
    /// interpret (quotes, brackets, `#`, `|`, tags) written as Mermaid's entity codes
    /// (`#quot;`, `#91;`), which it documents as the way to put them in a label.
    public static func escape(_ text: String) -> String { SafeText.clean(text, escaping: entities, maxCharacters: maxLabelCharacters) }

    static let entities: [Character: String] = [
        "\"": "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;",
        "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;", "}": "#125;",
    ]
}
