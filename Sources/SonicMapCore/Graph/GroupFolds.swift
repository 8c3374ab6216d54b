/// Groups the user collapsed (`-`) or expanded (`+`) on the map, on top of the grouping.
///
/// The levels are pod → deployment → role. Under pod grouping, collapsing a pod folds
/// every pod of its deployment into one node; collapsing that node folds every
/// deployment of its role into one. Expanding undoes a collapse, and below the grouping
/// level it opens a group: a deployment into its pods under deployment grouping, a role
/// into its deployments under role grouping. Virtual and model nodes are never grouped.
///
/// A pure value: the map builder asks it where each pod goes, so folds survive refreshes
/// and merged nodes sum counters and histograms like any other grouping. Folds are made
/// for one grouping; start afresh when the grouping changes.
public struct GroupFolds: Hashable, Sendable {
    /// A deployment or a role whose level differs from the grouping's.
    public enum Key: Hashable, Sendable, Comparable {
        case deployment(String)
        case role(NodeRole)

        public static func < (a: Key, b: Key) -> Bool {
            switch (a, b) {
            case (.deployment(let x), .deployment(let y)): x < y
            case (.role(let x), .role(let y)): x.rawValue < y.rawValue
            case (.deployment, .role): true
            case (.role, .deployment): false
            }
        }
    }

    /// The level each folded deployment or role is shown at.
    public private(set) var levels: [Key: Grouping] = [:]

    public init() {}

    public var isEmpty: Bool { levels.isEmpty }

    /// Whether pods of `role` can be grouped at all.
    public static func isGroupable(_ role: NodeRole) -> Bool { role != .virtual && role != .model }

    /// `node` is a group collapsed on top of `grouping`: it stands at a coarser level.
    public static func isCollapsed(_ node: MapNode, under grouping: Grouping) -> Bool {
        func rank(_ g: Grouping) -> Int { g == .pod ? 0 : g == .deployment ? 1 : 2 }
        return isGroupable(node.role) && rank(node.level) > rank(grouping)
    }

    /// The level `pod` is shown at under `grouping`.
    public func level(of pod: String, role: NodeRole, grouping: Grouping) -> Grouping {
        guard GroupFolds.isGroupable(role) else { return .pod }
        let roleLevel = levels[.role(role)] ?? grouping
        if roleLevel == .role { return .role }
        return (levels[.deployment(PodName(pod).deployment)] ?? roleLevel) == .pod ? .pod : .deployment
    }

    /// The node `pod` belongs to under `grouping`: its id and the level of that node.
    public func node(of pod: String, role: NodeRole, grouping: Grouping) -> (id: String, level: Grouping) {
        let level = level(of: pod, role: role, grouping: grouping)
        switch level {
        case .pod: return (pod, .pod)
        case .deployment: return (PodName(pod).deployment, .deployment)
        case .role: return (role.rawValue, .role)
        }
    }

    /// Folds `node` one level up: a pod into its deployment, a deployment into its role.
    /// Returns false, changing nothing, when there is nothing coarser to fold into.
    public mutating func collapse(_ node: MapNode, grouping: Grouping) -> Bool {
        guard GroupFolds.isGroupable(node.role), let pod = node.members.first, node.level != .role else { return false }
        // A pod that belongs to no deployment is its own deployment: fold its role instead.
        let key: Key = node.level == .pod && PodName(pod).suffix != nil ? .deployment(PodName(pod).deployment) : .role(node.role)
        return refold(key, pod: pod, node: node, grouping: grouping, from: node.level, to: key == .role(node.role) ? .role : .deployment)
    }

    /// Opens `node` one level down: a role into its deployments, a deployment into its pods.
    /// Returns false, changing nothing, when the node is a single pod.
    public mutating func expand(_ node: MapNode, grouping: Grouping) -> Bool {
        guard GroupFolds.isGroupable(node.role), let pod = node.members.first, node.level != .pod else { return false }
        let key: Key = node.level == .role ? .role(node.role) : .deployment(PodName(pod).deployment)
        return refold(key, pod: pod, node: node, grouping: grouping, from: node.level, to: node.level == .role ? .deployment : .pod)
    }

    /// Drops a fold that put `key` at `from`, and sets one to `to` if the pod is still at
    /// `from`: collapsing what was expanded (and the reverse) returns to the grouping.
    private mutating func refold(_ key: Key, pod: String, node: MapNode, grouping: Grouping, from: Grouping, to: Grouping) -> Bool {
        let before = levels
        if levels[key] == from { levels[key] = nil }
        if level(of: pod, role: node.role, grouping: grouping) == from { levels[key] = to }
        return levels != before
    }
}
