import SonicMapCore

/// The traces a Tempo would hold for the demo: every sampled trace of the last hour and
/// the most recent orphans, each in a bounded ring so memory does not grow with run time.
public struct DemoTraceStore: Sendable {
    /// Most traces of each kind kept.
    public let sampledCapacity: Int
    public let orphanCapacity: Int

    public private(set) var sampled: [Trace] = []
    public private(set) var orphans: [Trace] = []

    public init(sampledCapacity: Int = 4000, orphanCapacity: Int = 2000) {
        self.sampledCapacity = sampledCapacity
        self.orphanCapacity = orphanCapacity
    }

    mutating func addSampled(_ t: Trace) {
        sampled.append(t)
        if sampled.count > sampledCapacity * 5 / 4 { sampled.removeFirst(sampled.count - sampledCapacity) }
    }

    mutating func addOrphan(_ t: Trace) {
        orphans.append(t)
        if orphans.count > orphanCapacity * 5 / 4 { orphans.removeFirst(orphans.count - orphanCapacity) }
    }

    /// Traces that ended within `window` seconds before `endUnixNano`, newest first,
    /// at most `limit` of each kind.
    public func recent(endUnixNano: UInt64, windowSeconds: Double, limit: Int) -> [Trace] {
        let from = endUnixNano &- UInt64(max(0, windowSeconds) * 1e9)
        func pick(_ ts: [Trace]) -> [Trace] {
            var out: [Trace] = []
            for t in ts.reversed() {
                let end = t.endUnixNano
                if end > endUnixNano { continue }
                if end < from || out.count >= limit { break }
                out.append(t)
            }
            return out
        }
        return pick(sampled) + pick(orphans)
    }
}
