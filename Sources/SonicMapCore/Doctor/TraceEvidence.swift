/// What a few whole traces say about why the map may be empty or partial: spans whose
/// caller is missing (orphans), hops Tempo cannot pair because of span kinds, and
/// service names that are not pod names. Pure.
public struct TraceEvidence: Equatable, Sendable {
    /// A cross-service hop that forms no service-graph edge: the child is a SERVER span
    /// whose parent, in another service, is not a CLIENT or PRODUCER span.
    public struct UnpairedHop: Hashable, Sendable {
        public var parentService: String
        public var parentSpan: String
        public var parentKind: SpanKind
        public var childService: String
        public var childSpan: String
    }

    public var traceCount: Int
    /// SERVER (or CONSUMER) spans whose parent span is not in the trace: the caller was
    /// not sampled or not exported, so Tempo forms no edge for them.
    public var orphans: Int
    /// SERVER spans called from another service through a CLIENT (or PRODUCER) span: edges.
    public var pairedHops: Int
    /// Distinct hops lost to span kinds, in order of appearance.
    public var unpairedHops: [UnpairedHop]
    /// Service names shared by every pod of a deployment or left at the SDK's default:
    /// `triton-inference-server`, `unknown_service…`.
    public var genericServiceNames: [String]
    /// Resources that carry a `pod_name` attribute different from their `service.name`
    /// (SuperSONIC's collector copies one into the other).
    public var podNamesNotCopied: [String]
    /// Roles of the services seen, from span shapes.
    public var roles: [String: NodeRole]

    /// Triton's default service name, which SuperSONIC replaces by the pod name.
    public static let tritonDefaultService = "triton-inference-server"

    public init(traces: [Trace]) {
        traceCount = traces.count
        orphans = 0
        pairedHops = 0
        unpairedHops = []
        var generic: [String] = []
        var notCopied: [String] = []
        for trace in traces {
            var byID: [SpanID: Span] = [:]
            for span in trace.spans { byID[span.spanID] = span }
            for span in trace.spans where span.kind == .server || span.kind == .consumer {
                guard let parentID = span.parentSpanID else { continue }
                guard let parent = byID[parentID] else {
                    orphans += 1
                    continue
                }
                guard parent.service != span.service else { continue }
                if parent.kind == .client || parent.kind == .producer {
                    pairedHops += 1
                } else {
                    let hop = UnpairedHop(
                        parentService: parent.service, parentSpan: parent.name, parentKind: parent.kind,
                        childService: span.service, childSpan: span.name)
                    if !unpairedHops.contains(hop) { unpairedHops.append(hop) }
                }
            }
            for span in trace.spans where Self.isGeneric(span.service) && !generic.contains(span.service) {
                generic.append(span.service)
            }
            for resource in trace.resources {
                guard case .string(let pod)? = resource.attributes["pod_name"], pod != resource.serviceName,
                    !notCopied.contains(resource.serviceName)
                else { continue }
                notCopied.append(resource.serviceName)
            }
        }
        genericServiceNames = generic
        podNamesNotCopied = notCopied
        roles = RoleInference.roles(from: traces)
    }

    /// A service name that does not tell pods apart.
    public static func isGeneric(_ service: String) -> Bool {
        service == tritonDefaultService || service.hasPrefix("unknown_service")
    }
}
