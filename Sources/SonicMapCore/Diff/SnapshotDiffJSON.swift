/// `sonicmap diff --format json`:
/// `{"before", "after", "edges":[{"client","server","rate":{"before","after","delta"},"errorRatio",
/// "p50Ms","p95Ms","p99Ms"}], "nodes":[{"id","role","side",…}], "added":[…], "removed":[…]}`.
/// Unknown figures are `null`; the values are the two files' own numbers, unrounded. A
/// quantile that was a bucket bound carries `"bounds": {"before": "<"}` as in the snapshot.
public enum SnapshotDiffJSON {
    /// The diff as JSON text; `before` and `after` name the two snapshots (paths and data times).
    public static func render(_ diff: SnapshotDiff, before: SnapshotDiffText.Origin, after: SnapshotDiffText.Origin) -> String {
        var w = JSONDocumentWriter()
        w.beginObject()
        for (key, origin) in [("before", before), ("after", after)] {
            w.beginObject(key)
            w.string("file", origin.name)
            w.number("dataTime", origin.dataTime)
            w.endObject()
        }
        w.beginArray("edges")
        for edge in diff.edges {
            w.beginObject()
            w.string("client", edge.client)
            w.string("server", edge.server)
            figures(edge.figures, into: &w)
            w.endObject()
        }
        w.endArray()
        w.beginArray("nodes")
        for node in diff.nodes {
            w.beginObject()
            w.string("id", node.id)
            w.string("role", node.role.rawValue)
            w.string("side", node.side.rawValue)
            figures(node.figures, into: &w)
            w.endObject()
        }
        w.endArray()
        members(diff.added, "added", into: &w)
        members(diff.removed, "removed", into: &w)
        w.endObject()
        return w.text + "\n"
    }

    private static func figures(_ f: SnapshotDiff.Figures, into w: inout JSONDocumentWriter) {
        for (key, change) in [("rate", f.rate), ("errorRatio", f.errorRatio), ("p50Ms", f.p50Ms), ("p95Ms", f.p95Ms), ("p99Ms", f.p99Ms)] {
            w.beginObject(key)
            w.number("before", change.before)
            w.number("after", change.after)
            w.number("delta", change.delta)
            if change.beforeBound != nil || change.afterBound != nil {
                w.beginObject("bounds")
                if let b = change.beforeBound { w.string("before", b.rawValue) }
                if let b = change.afterBound { w.string("after", b.rawValue) }
                w.endObject()
            }
            w.endObject()
        }
    }

    private static func members(_ list: [SnapshotDiff.Member], _ key: String, into w: inout JSONDocumentWriter) {
        w.beginArray(key)
        for member in list {
            w.beginObject()
            switch member {
            case .node(let id, let role):
                w.string("kind", "node")
                w.string("id", id)
                w.string("role", role.rawValue)
            case .edge(let client, let server):
                w.string("kind", "edge")
                w.string("client", client)
                w.string("server", server)
            }
            w.endObject()
        }
        w.endArray()
    }
}
