/// What sonicmap derives from one trace: its requests with per-hop phases, clock skew
/// and rule-breaking spans. Pure; never crashes or yields a negative duration on
/// malformed input, it derives what it can and says what it could not.
public struct TraceAnalysis: Equatable, Sendable {
    public var requests: [InferenceRequest]
    /// A span from another service starts before, or ends after, its parent.
    public var skewDetected: Bool
    /// Spans that fall outside their parent, with the offending parent.
    public var skewedSpans: [SpanID]
    /// Rule breaks: a child longer than its parent, missing events, negative remainders.
    public var warnings: [String]

    public init(requests: [InferenceRequest] = [], skewDetected: Bool = false, skewedSpans: [SpanID] = [], warnings: [String] = []) {
        self.requests = requests
        self.skewDetected = skewDetected
        self.skewedSpans = skewedSpans
        self.warnings = warnings
    }

    public static func analyze(_ trace: Trace) -> TraceAnalysis {
        let spans = trace.spans
        let lookup = SpanLookup(spans)
        // Parent and children by index, built once: the walk below never copies a span.
        var parent = [Int](repeating: -1, count: spans.count)
        var childStart = [Int](repeating: 0, count: spans.count + 1)
        for i in spans.indices {
            if let p = spans[i].parentSpanID, let pi = lookup.index(of: p), pi != i {
                parent[i] = pi
                childStart[pi + 1] += 1
            }
        }
        for i in spans.indices { childStart[i + 1] += childStart[i] }
        var children = [Int](repeating: 0, count: childStart[spans.count])
        // Fill each list from its end (children stay in trace order); each end then marks
        // its list's start, one slot late: shift back.
        for i in spans.indices.reversed() where parent[i] >= 0 {
            childStart[parent[i] + 1] -= 1
            children[childStart[parent[i] + 1]] = i
        }
        for p in spans.indices { childStart[p] = childStart[p + 1] }
        childStart[spans.count] = children.count
        var out = TraceAnalysis()

        // Skew: a child from another service outside its parent's interval.
        for i in spans.indices where parent[i] >= 0 {
            let p = parent[i]
            if spans[i].startUnixNano < spans[p].startUnixNano || spans[i].endUnixNano > spans[p].endUnixNano {
                out.skewedSpans.append(spans[i].spanID)
                if spans[p].service != spans[i].service { out.skewDetected = true }
            }
        }

        var context = Context(spans: spans, lookup: lookup, parent: parent, childStart: childStart, children: children)
        for i in spans.indices where spans[i].name == "InferRequest" && (spans[i].scope == "triton-server" || spans[i].scope.isEmpty || spans[i].kind == .server) {
            out.requests.append(context.request(at: i))
        }
        out.warnings = context.warnings
        return out
    }

    /// Walks the span tree around one InferRequest, by span index.
    struct Context {
        let spans: [Span]
        let lookup: SpanLookup
        /// Parent index of each span, -1 for a root or a span whose parent is absent.
        let parent: [Int]
        /// Children of span `i` (spans whose parent id is `i`'s id), in trace order:
        /// `children[childStart[i]..<childStart[i + 1]]`.
        let childStart: [Int]
        let children: [Int]
        var warnings: [String] = []

        /// Children of the span at `i`. A duplicated span id shares the first one's children.
        func kids(_ i: Int) -> ArraySlice<Int> {
            let first = lookup.first(i)
            return children[childStart[first]..<childStart[first + 1]]
        }

        static func isEnvoy(_ s: Span) -> Bool { RoleInference.role(of: s) == .envoy }
        static func isModel(_ s: Span) -> Bool {
            s.attributes["triton.model_name"] != nil || s.eventTime("REQUEST_START") != nil
        }

        static func modelName(_ s: Span) -> String {
            (s.attributes["triton.model_name"]?.text).flatMap { $0.isEmpty ? nil : $0 } ?? s.name
        }

        /// `a − b`, or nil with a warning when the child is longer than its parent.
        mutating func remainder(_ a: UInt64, _ b: UInt64, _ what: @autoclosure () -> String) -> UInt64? {
            if b > a {
                warnings.append("\(what()): child lasts longer than its parent (\(b) ns > \(a) ns)")
                return nil
            }
            return a - b
        }

        mutating func request(at inferIndex: Int) -> InferenceRequest {
            // A local copy of the array (one retain): elements read from it are borrowed,
            // where reading them through `self` in a mutating method copied each span.
            let spans = self.spans
            let inferNanos = spans[inferIndex].durationNanos
            var phases = PhaseDurations()
            var ids: [Int] = []
            var client: String?
            var orphan = false
            var root = inferIndex
            var networkIncludesProxy = false

            // Upwards: Envoy's egress and ingress.
            if spans[inferIndex].parentSpanID != nil {
                let pi = parent[inferIndex]
                if pi >= 0 {
                    client = spans[pi].service
                    if Context.isEnvoy(spans[pi]) {
                        let gi = parent[pi]
                        let parentNanos = spans[pi].durationNanos
                        if gi >= 0, Context.isEnvoy(spans[gi]) {
                            // The parent is the egress span, its parent the ingress.
                            root = gi
                            ids += [gi, pi]
                            phases[.proxy] = remainder(spans[gi].durationNanos, parentNanos, "proxy")
                            phases[.network] = remainder(parentNanos, inferNanos, "network")
                        } else {
                            root = pi
                            ids.append(pi)
                            networkIncludesProxy = true
                            phases[.network] = remainder(parentNanos, inferNanos, "proxy+network")
                        }
                    }
                } else {
                    orphan = true
                }
            } else {
                client = ServiceGraphPairing.userNode
            }
            ids.append(inferIndex)

            // Downwards: the top model span and its compute phases.
            let below = kids(inferIndex)
            let topIndex = below.first { Context.isModel(spans[$0]) } ?? below.first
            var steps: [ModelStep] = []
            var model = ""
            if let topIndex {
                let topID = spans[topIndex].spanID, topNanos = spans[topIndex].durationNanos
                model = Context.modelName(spans[topIndex])
                phases[.request] = remainder(inferNanos, topNanos, "request")
                collectSteps(topIndex, into: &steps, ids: &ids)
                let own = steps.first { $0.spanID == topID }?.phases ?? PhaseDurations()
                let compute: PhaseDurations
                if own[.queue] != nil || own[.infer] != nil {
                    compute = own
                } else {
                    // An ensemble: its top span has no compute child; sum the composing models.
                    var sum = PhaseDurations()
                    for step in steps where step.spanID != topID {
                        for p in [Phase.queue, .input, .infer, .output] {
                            if let v = step.phases[p] { sum[p] = (sum[p] ?? 0) + v }
                        }
                    }
                    compute = sum
                }
                var used: UInt64 = 0
                for p in [Phase.queue, .input, .infer, .output] {
                    if let v = compute[p] {
                        phases[p] = v
                        used += v
                    }
                }
                if compute[.queue] == nil && compute[.infer] == nil {
                    warnings.append("\(model): no compute events, queue and compute phases unknown")
                }
                phases[.other] = remainder(topNanos, used, "\(model) other")
            } else {
                warnings.append("InferRequest \(spans[inferIndex].spanID.hex) has no model span")
            }
            // In trace order, by the first span carrying each id.
            for k in ids.indices { ids[k] = lookup.first(ids[k]) }
            ids.sort()
            let spanIDs = ids.map { spans[$0].spanID }
            return InferenceRequest(
                spanIDs: spanIDs, client: orphan ? nil : client, server: spans[inferIndex].service, model: model, orphan: orphan,
                networkIncludesProxy: networkIncludesProxy, phases: phases, steps: steps,
                rootSpanID: spans[root].spanID, rootDurationNanos: spans[root].durationNanos,
                inferDurationNanos: spans[inferIndex].durationNanos, failed: spans[inferIndex].status == .error)
        }

        /// Model spans below `i` (itself included), each with the phases of its own compute child.
        mutating func collectSteps(_ i: Int, into steps: inout [ModelStep], ids: inout [Int]) {
            // Parent ids that form a cycle are followed once.
            guard !ids.contains(i) else { return }
            ids.append(i)
            let spans = self.spans
            if Context.isModel(spans[i]) {
                var p = PhaseDurations()
                func between(_ a: UInt64?, _ b: UInt64?) -> UInt64? {
                    guard let a, let b, b >= a else { return nil }
                    return b - a
                }
                let nanos = spans[i].durationNanos
                if let ci = kids(i).first(where: { spans[$0].eventTime("COMPUTE_START") != nil }) {
                    // The first of each event, in one pass over the compute span's events.
                    var c0: UInt64?, c1: UInt64?, c2: UInt64?, c3: UInt64?
                    for e in spans[ci].events {
                        switch e.name {
                        case "COMPUTE_START" where c0 == nil: c0 = e.timeUnixNano
                        case "COMPUTE_INPUT_END" where c1 == nil: c1 = e.timeUnixNano
                        case "COMPUTE_OUTPUT_START" where c2 == nil: c2 = e.timeUnixNano
                        case "COMPUTE_END" where c3 == nil: c3 = e.timeUnixNano
                        default: break
                        }
                    }
                    p[.queue] = between(spans[i].eventTime("QUEUE_START"), c0)
                    p[.input] = between(c0, c1)
                    p[.infer] = between(c1, c2)
                    p[.output] = between(c2, c3)
                    let used = [Phase.queue, .input, .infer, .output].compactMap { p[$0] }.reduce(0, +)
                    if used <= nanos { p[.other] = nanos - used }
                }
                steps.append(ModelStep(model: Context.modelName(spans[i]), spanID: spans[i].spanID, phases: p))
            }
            for k in kids(i) { collectSteps(k, into: &steps, ids: &ids) }
        }
    }
}
