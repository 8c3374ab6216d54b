/// p50 and p95 of each phase over a set of requests, for an edge, a pod or a model.
public struct PhaseStats: Equatable, Sendable {
    public struct Quantiles: Equatable, Sendable {
        public var p50: Double
        public var p95: Double
        /// Requests the phase could be derived for.
        public var count: Int

        public init(p50: Double, p95: Double, count: Int) {
            self.p50 = p50
            self.p95 = p95
            self.count = count
        }
    }

    /// Seconds, per phase present in at least one request.
    public private(set) var phases: [Phase: Quantiles] = [:]
    public private(set) var requests: Int = 0
    /// Every request had Envoy without an egress span, so `network` includes Envoy's time.
    public private(set) var networkIncludesProxy = false

    public init() {}

    /// Stats whose numbers are already known (a snapshot being replayed).
    public init(phases: [Phase: Quantiles], requests: Int, networkIncludesProxy: Bool) {
        self.phases = phases
        self.requests = requests
        self.networkIncludesProxy = networkIncludesProxy
    }

    /// Nearest-rank quantiles over the requests' phases.
    public init(_ requests: [InferenceRequest]) {
        self.requests = requests.count
        guard !requests.isEmpty else { return }
        networkIncludesProxy = requests.allSatisfy { $0.networkIncludesProxy || $0.phases[.network] == nil }
            && requests.contains { $0.networkIncludesProxy }
        for phase in Phase.allCases {
            var values = requests.compactMap { $0.phases[phase] }
            guard !values.isEmpty else { continue }
            values.sort()
            func q(_ f: Double) -> Double {
                let rank = max(0, min(values.count - 1, Int((f * Double(values.count)).rounded(.up)) - 1))
                return Double(values[rank]) / 1e9
            }
            phases[phase] = Quantiles(p50: q(0.5), p95: q(0.95), count: values.count)
        }
    }

    public subscript(_ p: Phase) -> Quantiles? { phases[p] }

    public var isEmpty: Bool { phases.isEmpty }
}
