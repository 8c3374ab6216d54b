/// A bounded ring of recent values, oldest first. Memory does not grow with run time.
public struct Ring<Element: Sendable & Equatable>: Equatable, Sendable {
    public private(set) var capacity: Int
    private var storage: [Element] = []
    private var head = 0

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public mutating func append(_ e: Element) {
        if storage.count < capacity {
            storage.append(e)
        } else {
            storage[head] = e
            head = (head + 1) % capacity
        }
    }

    /// The values, oldest first.
    public var values: [Element] { Array(storage[head...] + storage[..<head]) }

    public var count: Int { storage.count }

    /// The same values in a ring of another capacity (the newest kept).
    public func resized(to newCapacity: Int) -> Ring {
        var r = Ring(capacity: newCapacity)
        for v in values.suffix(max(1, newCapacity)) { r.append(v) }
        return r
    }
}

/// One refresh's numbers for a node or an edge.
public struct HistoryPoint: Equatable, Sendable {
    /// Unix seconds.
    public var time: Double
    public var rate: Double
    public var errorRatio: Double?
    /// Seconds; nil when unknown.
    public var p95: Double?

    public init(time: Double, rate: Double, errorRatio: Double?, p95: Double?) {
        self.time = time
        self.rate = rate
        self.errorRatio = errorRatio
        self.p95 = p95
    }
}

/// Rate, error ratio and p95 per node and per edge over the window, for sparklines.
/// Sized by window / refresh; keys that stop appearing are dropped once their whole
/// ring is older than the window.
public struct History: Equatable, Sendable {
    public private(set) var capacity: Int
    public private(set) var nodes: [String: Ring<HistoryPoint>] = [:]
    public private(set) var edges: [EdgeKey: Ring<HistoryPoint>] = [:]

    /// Most points kept per ring, whatever the window and refresh.
    public static let maxCapacity = 720

    public init(windowSeconds: Double, refreshSeconds: Double) {
        capacity = History.capacity(windowSeconds: windowSeconds, refreshSeconds: refreshSeconds)
    }

    /// History whose points are already known (a snapshot being replayed), oldest first.
    public init(capacity: Int, nodes: [String: [HistoryPoint]], edges: [EdgeKey: [HistoryPoint]]) {
        self.capacity = max(1, capacity)
        func ring(_ points: [HistoryPoint]) -> Ring<HistoryPoint> {
            var r = Ring<HistoryPoint>(capacity: self.capacity)
            for p in points { r.append(p) }
            return r
        }
        self.nodes = nodes.mapValues(ring)
        self.edges = edges.mapValues(ring)
    }

    public static func capacity(windowSeconds: Double, refreshSeconds: Double) -> Int {
        max(2, min(maxCapacity, Int((windowSeconds / max(1, refreshSeconds)).rounded(.up))))
    }

    /// Changes the ring size when the window or refresh changes, keeping the newest points.
    public mutating func resize(windowSeconds: Double, refreshSeconds: Double) {
        let c = History.capacity(windowSeconds: windowSeconds, refreshSeconds: refreshSeconds)
        guard c != capacity else { return }
        capacity = c
        nodes = nodes.mapValues { $0.resized(to: c) }
        edges = edges.mapValues { $0.resized(to: c) }
    }

    /// Records the map of one refresh.
    public mutating func record(_ map: ServiceMap) {
        for n in map.nodes {
            let t = n.incoming.rate > 0 ? n.incoming : n.outgoing
            let p = t.latency.p95
            nodes[n.id, default: Ring(capacity: capacity)].append(
                HistoryPoint(time: map.time, rate: t.rate, errorRatio: t.errorRatio, p95: p.isKnown ? p.value : nil))
        }
        for e in map.edges {
            let p = e.traffic.latency.p95
            edges[e.key, default: Ring(capacity: capacity)].append(
                HistoryPoint(time: map.time, rate: e.traffic.rate, errorRatio: e.traffic.errorRatio, p95: p.isKnown ? p.value : nil))
        }
        let horizon = map.time - map.windowSeconds
        nodes = nodes.filter { ($0.value.values.last?.time ?? 0) >= horizon }
        edges = edges.filter { ($0.value.values.last?.time ?? 0) >= horizon }
    }
}
