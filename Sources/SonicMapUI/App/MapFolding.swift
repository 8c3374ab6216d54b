import SonicMapCore

extension AppState {
    /// `-` collapses the selected node's group (a pod into its deployment, a deployment
    /// into its role); `+` expands a collapsed group again. The folds live in the settings,
    /// so they survive refreshes; the merged node is selected, and the status line says
    /// what happened.
    mutating func fold(collapse: Bool) {
        if settings.offlineReason != nil {
            chrome.message = "\(collapse ? "collapsing" : "expanding") groups is unavailable: a replay holds the map as it was taken"
            return
        }
        guard case .node(let id)? = mapView.selection, let node = map.node(id) else {
            chrome.message = "select a node to \(collapse ? "collapse its group" : "expand it")"
            return
        }
        var folds = settings.folds
        let changed = collapse ? folds.collapse(node, grouping: settings.grouping) : folds.expand(node, grouping: settings.grouping)
        guard changed else {
            chrome.message = GroupFolds.isGroupable(node.role)
                ? "\(node.label) is \(collapse ? "already a whole role" : "a single pod")"
                : "\(node.label) is not part of a group"
            return
        }
        settings.folds = folds
        let pod = node.members.first ?? id
        rebuildMap()
        // Select the node the pod now belongs to (the group, or its first member again).
        let now = map.nodes.first { $0.members.contains(pod) }
        mapView.selection = now.map { .node($0.id) }
        if let now {
            chrome.message = collapse
                ? "collapsed \(now.id) (\(now.members.count) pods) · + expands"
                : "expanded \(node.id) · - collapses"
        }
    }
}
