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
        var byID: [SpanID: Int] = [:]
        byID.reserveCapacity(trace.spans.count)
        for (i, s) in trace.spans.enumerated() where byID[s.spanID] == nil { byID[s.spanID] = i }
        var children: [SpanID: [Int]] = [:]
        for (i, s) in trace.spans.enumerated() {
            if let p = s.parentSpanID { children[p, default: []].append(i) }
        }
        var out = TraceAnalysis()

        // Skew: a child from another service outside its parent's interval.
        for s in trace.spans {
            guard let p = s.parentSpanID, let pi = byID[p] else { continue }
            let parent = trace.spans[pi]
            if s.startUnixNano < parent.startUnixNano || s.endUnixNano > parent.endUnixNano {
                out.skewedSpans.append(s.spanID)
                if parent.service != s.service { out.skewDetected = true }
            }
        }

        var context = Context(trace: trace, byID: byID, children: children)
        for s in trace.spans where s.name == "InferRequest" && (s.scope == "triton-server" || s.scope.isEmpty || s.kind == .server) {
            out.requests.append(context.request(at: s))
        }
        out.warnings = context.warnings
        return out
    }

    /// Walks the span tree around one InferRequest.
    struct Context {
        let trace: Trace
        let byID: [SpanID: Int]
        let children: [SpanID: [Int]]
        var warnings: [String] = []

        func span(_ id: SpanID?) -> Span? { id.flatMap { byID[$0] }.map { trace.spans[$0] } }
        func kids(_ s: Span) -> [Span] { (children[s.spanID] ?? []).map { trace.spans[$0] } }

        static func isEnvoy(_ s: Span) -> Bool { RoleInference.role(of: s) == .envoy }
        static func isModel(_ s: Span) -> Bool {
            s.attributes["triton.model_name"] != nil || s.eventTime("REQUEST_START") != nil
        }

        /// `a − b`, or nil with a warning when the child is longer than its parent.
        mutating func remainder(_ a: UInt64, _ b: UInt64, _ what: String) -> UInt64? {
            if b > a {
                warnings.append("\(what): child lasts longer than its parent (\(b) ns > \(a) ns)")
                return nil
            }
            return a - b
        }

        mutating func request(at infer: Span) -> InferenceRequest {
            var phases = PhaseDurations()
            var ids: [SpanID] = []
            var client: String?
            var orphan = false
            var root = infer
            var networkIncludesProxy = false

            // Upwards: Envoy's egress and ingress.
            if let parentID = infer.parentSpanID {
                if let parent = span(parentID) {
                    if Context.isEnvoy(parent) {
                        client = parent.service
                        let ingress = span(parent.parentSpanID).flatMap { Context.isEnvoy($0) ? $0 : nil }
                        if let ingress {
                            // parent is the egress span.
                            root = ingress
                            ids += [ingress.spanID, parent.spanID]
                            phases[.proxy] = remainder(ingress.durationNanos, parent.durationNanos, "proxy")
                            phases[.network] = remainder(parent.durationNanos, infer.durationNanos, "network")
                        } else {
                            root = parent
                            ids.append(parent.spanID)
                            networkIncludesProxy = true
                            phases[.network] = remainder(parent.durationNanos, infer.durationNanos, "proxy+network")
                        }
                    } else {
                        client = parent.service
                    }
                } else {
                    orphan = true
                }
            } else {
                client = ServiceGraphPairing.userNode
            }
            ids.append(infer.spanID)

            // Downwards: the top model span and its compute phases.
            let top = kids(infer).first(where: Context.isModel) ?? kids(infer).first
            var steps: [ModelStep] = []
            var model = ""
            if let top {
                model = (top.attributes["triton.model_name"]?.text).flatMap { $0.isEmpty ? nil : $0 } ?? top.name
                phases[.request] = remainder(infer.durationNanos, top.durationNanos, "request")
                collectSteps(top, into: &steps, ids: &ids)
                let own = steps.first { $0.spanID == top.spanID }?.phases ?? PhaseDurations()
                let compute: PhaseDurations
                if own[.queue] != nil || own[.infer] != nil {
                    compute = own
                } else {
                    // An ensemble: its top span has no compute child; sum the composing models.
                    var sum = PhaseDurations()
                    for step in steps where step.spanID != top.spanID {
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
                phases[.other] = remainder(top.durationNanos, used, "\(model) other")
            } else {
                warnings.append("InferRequest \(infer.spanID.hex) has no model span")
            }
            ids.sort { (byID[$0] ?? 0) < (byID[$1] ?? 0) }
            return InferenceRequest(
                spanIDs: ids, client: orphan ? nil : client, server: infer.service, model: model, orphan: orphan,
                networkIncludesProxy: networkIncludesProxy, phases: phases, steps: steps,
                rootSpanID: root.spanID, rootDurationNanos: root.durationNanos)
        }

        /// Model spans below `s` (itself included), each with the phases of its own compute child.
        mutating func collectSteps(_ s: Span, into steps: inout [ModelStep], ids: inout [SpanID]) {
            ids.append(s.spanID)
            if Context.isModel(s) {
                var p = PhaseDurations()
                let compute = kids(s).first { $0.eventTime("COMPUTE_START") != nil }
                func between(_ a: UInt64?, _ b: UInt64?) -> UInt64? {
                    guard let a, let b, b >= a else { return nil }
                    return b - a
                }
                if let c = compute {
                    let c0 = c.eventTime("COMPUTE_START"), c1 = c.eventTime("COMPUTE_INPUT_END")
                    let c2 = c.eventTime("COMPUTE_OUTPUT_START"), c3 = c.eventTime("COMPUTE_END")
                    p[.queue] = between(s.eventTime("QUEUE_START"), c0)
                    p[.input] = between(c0, c1)
                    p[.infer] = between(c1, c2)
                    p[.output] = between(c2, c3)
                    let used = [Phase.queue, .input, .infer, .output].compactMap { p[$0] }.reduce(0, +)
                    if used <= s.durationNanos { p[.other] = s.durationNanos - used }
                }
                let name = (s.attributes["triton.model_name"]?.text).flatMap { $0.isEmpty ? nil : $0 } ?? s.name
                steps.append(ModelStep(model: name, spanID: s.spanID, phases: p))
            }
            for k in kids(s) { collectSteps(k, into: &steps, ids: &ids) }
        }
    }
}
