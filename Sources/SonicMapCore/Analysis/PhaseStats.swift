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
        self.init(requests, at: Array(requests.indices))
    }

    /// The same over `requests[i]` for each of `indices`: the map builder groups requests
    /// by edge, pod and model without copying them.
    init(_ requests: [InferenceRequest], at indices: [Int]) {
        self.requests = indices.count
        guard !indices.isEmpty else { return }
        var proxyless = true, anyProxyless = false
        for i in indices {
            if requests[i].networkIncludesProxy { anyProxyless = true } else if requests[i].phases[.network] != nil { proxyless = false }
        }
        networkIncludesProxy = proxyless && anyProxyless
        // One pass over the requests, each phase's values gathered on the way into its own
        // stretch of one buffer (nested arrays paid a uniqueness check per append).
        let all = Phase.allCases
        let n = indices.count
        var buffer = [UInt64](repeating: 0, count: all.count * n)
        var counts = [Int](repeating: 0, count: all.count)
        for i in indices {
            let durations = requests[i].phases
            for p in all.indices {
                if let v = durations[all[p]] {
                    buffer[p * n + counts[p]] = v
                    counts[p] += 1
                }
            }
        }
        for (p, phase) in all.enumerated() where counts[p] > 0 {
            // Nearest rank: the ⌈f·count⌉-th smallest. Selecting the two ranks needs no full sort.
            let base = p * n, count = counts[p]
            func rank(_ f: Double) -> Int { max(0, min(count - 1, Int((f * Double(count)).rounded(.up)) - 1)) }
            let r95 = base + rank(0.95), r50 = base + rank(0.5)
            PhaseStats.select(r95, in: &buffer, base..<(base + count))
            PhaseStats.select(r50, in: &buffer, base..<(r95 + 1))
            phases[phase] = Quantiles(p50: Double(buffer[r50]) / 1e9, p95: Double(buffer[r95]) / 1e9, count: count)
        }
    }

    /// Puts the `k`-th smallest of `range` at `k`, smaller ones before it and larger after
    /// (quickselect with a median-of-three pivot).
    static func select(_ k: Int, in a: inout [UInt64], _ range: Range<Int>) {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let pivot = max(min(a[lo], a[mid]), min(max(a[lo], a[mid]), a[hi]))
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    public subscript(_ p: Phase) -> Quantiles? { phases[p] }

    public var isEmpty: Bool { phases.isEmpty }
}
