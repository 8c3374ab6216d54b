import SonicMapCore

/// `:compare T`: the map of the window ending at T, held beside the map on screen, and
/// what changed between them (`SnapshotDiff`, the same comparison `sonicmap diff` makes).
///
/// The baseline is built with the grouping and folds of the map on screen, so both name
/// the same nodes; it is compared again whenever the map on screen is rebuilt.
public struct Comparison: Equatable, Sendable {
    /// Unix seconds the baseline's window ends at.
    public var at: Double
    /// The request the baseline was asked with; answers to older ones are dropped.
    var requestID: Int
    /// The baseline's data, nil until it arrives.
    public var data: RefreshData?
    /// Why the baseline could not be had.
    public var error: String?
    /// Per edge and node in both maps: before (the baseline), after (on screen), delta.
    public private(set) var edges: [EdgeKey: SnapshotDiff.Figures] = [:]
    public private(set) var nodes: [String: SnapshotDiff.Figures] = [:]
    /// Nodes and edges on screen only, and in the baseline only.
    public private(set) var appeared = Set<String>()
    public private(set) var vanished = Set<String>()
    public private(set) var appearedEdges = Set<EdgeKey>()
    public private(set) var vanishedEdges = Set<EdgeKey>()

    init(at: Double, requestID: Int) {
        self.at = at
        self.requestID = requestID
    }

    /// Compares `built` (the map on screen, before fades) with the baseline built the same
    /// way, and returns `shown` with what vanished since the baseline added back, muted, so
    /// a pod that went away is still there to see.
    mutating func compare(_ built: ServiceMap, shown: ServiceMap, options: ServiceMapBuilder.Options) -> ServiceMap {
        guard let d = data else { return shown }
        let baseline = ServiceMapBuilder.build(
            sample: d.sample, traces: d.traces, options: options, now: d.time, windowSeconds: built.windowSeconds)
        let diff = SnapshotDiff.compare(baseline, built)
        edges = Dictionary(diff.edges.map { (EdgeKey(client: $0.client, server: $0.server), $0.figures) }, uniquingKeysWith: { a, _ in a })
        nodes = Dictionary(diff.nodes.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
        (appeared, vanished, appearedEdges, vanishedEdges) = ([], [], [], [])
        for m in diff.added {
            switch m {
            case .node(let id, _): appeared.insert(id)
            case .edge(let c, let s): appearedEdges.insert(EdgeKey(client: c, server: s))
            }
        }
        for m in diff.removed {
            switch m {
            case .node(let id, _): vanished.insert(id)
            case .edge(let c, let s): vanishedEdges.insert(EdgeKey(client: c, server: s))
            }
        }
        var nodesShown = shown.nodes, edgesShown = shown.edges
        for n in baseline.nodes where vanished.contains(n.id) && shown.node(n.id) == nil {
            var ghost = n
            ghost.lastSeen = d.time
            nodesShown.append(ghost)
        }
        for e in baseline.edges where vanishedEdges.contains(e.key) && shown.edge(e.key) == nil {
            var ghost = e
            ghost.lastSeen = d.time
            edgesShown.append(ghost)
        }
        return ServiceMap(
            nodes: nodesShown.sorted { $0.id < $1.id }, edges: edgesShown.sorted { $0.key < $1.key }, grouping: shown.grouping,
            folds: shown.folds, time: shown.time, windowSeconds: shown.windowSeconds)
    }

    /// The largest relative change of a node or edge, 1 for one that appeared or vanished:
    /// what the table sorts on while comparing.
    func magnitude(_ selection: Selection) -> Double {
        switch selection {
        case .node(let id): appeared.contains(id) || vanished.contains(id) ? 1 : nodes[id]?.magnitude ?? 0
        case .edge(let k): appearedEdges.contains(k) || vanishedEdges.contains(k) ? 1 : edges[k]?.magnitude ?? 0
        }
    }
}
