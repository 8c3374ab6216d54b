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
            out += "  \(quoteID(n.id)) [label=\(quote(labels.lines(n).joined(separator: "\n"))), fillcolor=\"\(SnapshotLabels.fill(n.role))\", "
                + "color=\"\(SnapshotLabels.stroke(health))\", style=\(style)];\n"
        }
        for e in s.edges {
            let color = SnapshotLabels.stroke(labels.health(e))
            var attrs = "label=\(quote(labels.label(e))), color=\"\(color)\", fontcolor=\"\(color)\""
            if e.rateSource == .orphans { attrs += ", style=dashed" }
            out += "  \(quoteID(e.client)) -> \(quoteID(e.server)) [\(attrs)];\n"
        }
        return out + "}\n"
    }

    static func title(_ s: Snapshot) -> String {
        "sonicmap · \(s.meta.createdAt) · window \(s.meta.window) · \(s.meta.sampling.mode.rawValue) rates"
    }

    /// Bytes between the quotes of one DOT string. Graphviz rejects a quoted string over
    /// 16,384 bytes ("longer than 16384?"); a label needs far less than this.
    public static let maxQuotedBytes = 4096

    /// A DOT double-quoted string: control characters and escape sequences removed,
    /// quotes and backslashes escaped, line breaks as `\n`; cut with `…` past
    /// `maxQuotedBytes` so Graphviz accepts the file whatever span names it holds.
    public static func quote(_ text: String) -> String {
        quoted(text).text
    }

    /// `quote` for a node id: a cut id gets a hash of the whole id, so two long ids that
    /// share their first few thousand bytes remain two nodes.
    static func quoteID(_ id: String) -> String {
        let (text, cut) = quoted(id, reserve: 20)
        guard cut else { return text }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(text.dropLast()) + "#" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    private static func quoted(_ text: String, reserve: Int = 0) -> (text: String, cut: Bool) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let escaped = lines.map { SafeText.clean(String($0), escaping: ["\"": "\\\"", "\\": "\\\\"]) }.joined(separator: "\\n")
        let budget = maxQuotedBytes - reserve
        guard escaped.utf8.count > budget else { return ("\"" + escaped + "\"", false) }
        var kept = ""
        var bytes = 0
        var pendingEscape = ""
        for c in escaped {
            // Never split an escape (`\"`, `\\`, `\n`): keep the backslash with what follows.
            let unit = pendingEscape + String(c)
            if c == "\\", pendingEscape.isEmpty {
                pendingEscape = "\\"
                continue
            }
            pendingEscape = ""
            let size = unit.utf8.count
            if bytes + size > budget - 3 { break }
            kept += unit
            bytes += size
        }
        return ("\"" + kept + "…\"", true)
    }
}
