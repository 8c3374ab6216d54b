/// One map edge while `ServiceMapBuilder` merges the pod edges grouped into it: their
/// traffic, the first one's connection type and rate source, and the orphan requests
/// counted on it.
struct EdgeTally: Sendable {
    var traffic = TrafficAccumulator()
    var connectionType: ConnectionType
    var source: RateSource
    var orphans = 0
}
