/// The map as a Graphviz digraph, laid out left to right like the terminal map, with
/// role fills, health-coloured borders and edges, and dashed `unsampled` edges.
/// `dot -Tsvg` renders it.
public enum DOTExporter {
    public static func write(_ s: Snapshot, labels: SnapshotLabels = SnapshotLabels()) -> String {
        var out = "digraph sonicmap {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", label=\(quote(title(s))), labelloc=t, nodesep=0.3, ranksep=1.2];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for n in s.nodes {
            let health = labels.health(n)
            let style = n.role == .virtual ? "\"rounded,filled,dashed\"" : "\"rounded,filled\""
            out += "  \(quote(n.id)) [label=\(quote(labels.lines(n).joined(separator: "\n"))), fillcolor=\"\(SnapshotLabels.fill(n.role))\", "
                + "color=\"\(SnapshotLabels.stroke(health))\", style=\(style)];\n"
        }
        for e in s.edges {
            let color = SnapshotLabels.stroke(labels.health(e))
            var attrs = "label=\(quote(labels.label(e))), color=\"\(color)\", fontcolor=\"\(color)\""
            if e.rateSource == .orphans { attrs += ", style=dashed" }
            out += "  \(quote(e.client)) -> \(quote(e.server)) [\(attrs)];\n"
        }
        return out + "}\n"
    }

    static func title(_ s: Snapshot) -> String {
        "sonicmap · \(s.meta.createdAt) · window \(s.meta.window) · \(s.meta.sampling.mode.rawValue) rates"
    }

    /// A DOT double-quoted string: control characters and escape sequences removed,
    /// quotes and backslashes escaped, line breaks as `\n`.
    public static func quote(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return "\"" + lines.map { SafeText.clean(String($0), escaping: ["\"": "\\\"", "\\": "\\\\"]) }.joined(separator: "\\n") + "\""
    }
}
