/// Keeps nodes and edges that vanished from the data on the map for one window, with
/// their last numbers and the time they were last seen, then lets them go: a pod that
/// goes away fades out instead of blinking, and since it keeps its id the boxes around
/// it keep their places until it leaves.
///
/// Pure: each map is merged with the one before it. A map with another grouping or other
/// folds starts afresh, since its ids mean something else; so does a map older than the
/// one before.
public struct FadeOut: Equatable, Sendable {
    private var previous: ServiceMap?

    public init() {}

    /// `map` plus the nodes and edges of the previous maps that are absent from it and were
    /// last seen less than `map.windowSeconds` ago, marked with `lastSeen`.
    public mutating func apply(to map: ServiceMap) -> ServiceMap {
        guard let prev = previous, prev.grouping == map.grouping, prev.folds == map.folds, prev.time <= map.time else {
            previous = map
            return map
        }
        func fresh(_ lastSeen: Double) -> Bool { map.time - lastSeen < map.windowSeconds }
        var nodes = map.nodes
        var ghostIDs = Set<String>()
        for n in prev.nodes where map.node(n.id) == nil {
            var ghost = n
            ghost.lastSeen = n.lastSeen ?? prev.time
            guard fresh(ghost.lastSeen!) else { continue }
            nodes.append(ghost)
            ghostIDs.insert(n.id)
        }
        var edges = map.edges
        for e in prev.edges where map.edge(e.key) == nil {
            var ghost = e
            ghost.lastSeen = e.lastSeen ?? prev.time
            let ends = [e.key.client, e.key.server].allSatisfy { map.node($0) != nil || ghostIDs.contains($0) }
            guard ends, fresh(ghost.lastSeen!) else { continue }
            edges.append(ghost)
        }
        guard nodes.count > map.nodes.count || edges.count > map.edges.count else {
            previous = map
            return map
        }
        let merged = ServiceMap(
            nodes: nodes.sorted { $0.id < $1.id }, edges: edges.sorted { $0.key < $1.key }, grouping: map.grouping, folds: map.folds,
            time: map.time, windowSeconds: map.windowSeconds)
        previous = merged
        return merged
    }
}
