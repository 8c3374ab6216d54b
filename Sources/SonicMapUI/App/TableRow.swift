import SonicMapCore

/// One table row, unformatted: what it stands for and the number it sorts on. Rows are
/// sorted on numbers and only the page on screen is formatted: 1000 pods make 32k edges.
struct TableRow {
    var selection: Selection
    /// The sort column's value (-1 where unknown; 0 for the name column).
    var key: Double

    var name: String {
        switch selection {
        case .node(let id): id
        case .edge(let k): k.client + " → " + k.server
        }
    }

    /// Name order: node ids, then edges by client and server.
    static func nameOrder(_ a: Selection, _ b: Selection) -> Bool {
        switch (a, b) {
        case (.node(let x), .node(let y)): x < y
        case (.edge(let x), .edge(let y)): x < y
        case (.node, .edge): true
        case (.edge, .node): false
        }
    }
}

/// The figures of a table row, for a node or an edge alike: what it sorts on here, and
/// what `TableView` formats.
struct TableRowFigures {
    var rate: Double
    var estimated: Double?
    var traffic: TrafficStats
    /// The share of failed requests, from the same source as `rate`.
    var errorRatio: Double?
    var phases: PhaseStats
    var lastSeen: Double?

    /// A node's own rate and, when its source counts failures, its own errors, as its
    /// box on the map shows them; else its primary side's.
    init(_ n: MapNode) {
        let own = n.displayRate
        rate = own.rate
        traffic = n.primaryTraffic
        errorRatio = own.failedRate == nil ? traffic.errorRatio : own.errorRatio
        phases = n.phases
        lastSeen = n.lastSeen
    }

    init(_ e: MapEdge) {
        rate = e.traffic.rate
        estimated = e.estimatedRate
        traffic = e.traffic
        errorRatio = e.traffic.errorRatio
        phases = e.phases
        lastSeen = e.lastSeen
    }

    static let phaseColumns: [Int: Phase] = [6: .network, 7: .queue, 8: .infer]

    /// Column `c`'s sort value; the same numbers `cells` formats.
    func key(_ c: Int) -> Double {
        let l = traffic.latency
        switch c {
        case 1: return estimated ?? rate
        case 2: return errorRatio.map { 1 - $0 } ?? -1
        case 3, 4, 5:
            let q = c == 3 ? l.p50 : c == 4 ? l.p95 : l.p99
            return q.isKnown ? q.value : -1
        case 6, 7, 8: return phases[TableRowFigures.phaseColumns[c]!]?.p50 ?? -1
        default: return 0
        }
    }

    /// The figures of the node or edge `sel` stands for, while it is on the map.
    init?(_ sel: Selection, in map: ServiceMap) {
        switch sel {
        case .node(let id):
            guard let n = map.node(id) else { return nil }
            self.init(n)
        case .edge(let k):
            guard let e = map.edge(k) else { return nil }
            self.init(e)
        }
    }
}
