import SonicMapCore

/// How nodes and edges are coloured: by role and by health against the configured thresholds.
public enum NodeStyle {
    public static func role(for nodeRole: NodeRole) -> Role {
        switch nodeRole {
        case .envoy: .nodeEnvoy
        case .triton: .nodeTriton
        case .model: .nodeModel
        case .virtual: .nodeVirtual
        case .database, .messaging: .nodeDatabase
        case .other: .nodeOther
        }
    }

    /// The role that draws a health level.
    public static func role(for health: Health) -> Role {
        switch health {
        case .unknown: .healthUnknown
        case .ok: .healthOK
        case .warning: .healthWarn
        case .critical: .healthBad
        }
    }

    /// The colour of an error ratio.
    public static func health(errorRatio: Double?, thresholds: HealthThresholds) -> Role {
        role(for: thresholds.health(errorRatio: errorRatio))
    }

    /// The colour of some traffic: the worse of its error ratio and its p95.
    public static func health(_ traffic: TrafficStats, thresholds: HealthThresholds) -> Role {
        role(for: thresholds.health(traffic))
    }

    /// The traffic a node's box summarises: what comes in, or for a node with no
    /// incoming edges (Envoy under SuperSONIC's span kinds, `user`), what goes out.
    public static func primaryTraffic(_ n: MapNode) -> TrafficStats { n.primaryTraffic }

    /// What a box says in its top border: how long ago a vanished node was last seen
    /// (`gone 40s`), or how many pods a collapsed group holds (`×3`); while comparing, `new`
    /// or `vanished` since the baseline; nil for a plain node.
    public static func boxTitle(_ n: MapNode, map: ServiceMap, comparison: Comparison? = nil) -> String? {
        if let c = comparison, c.data != nil {
            if c.vanished.contains(n.id) { return "vanished" }
            if c.appeared.contains(n.id) { return "new" }
        }
        if let seen = n.lastSeen { return "gone " + Formatting.age(seconds: map.time - seen) }
        if GroupFolds.isCollapsed(n, under: map.grouping) { return "×\(n.members.count)" }
        return nil
    }
}
