/// What a node on the map is.
public enum NodeRole: String, Sendable, Codable, CaseIterable {
    case envoy
    case triton
    /// A Triton model, one level below the pod that serves it.
    case model
    /// A node no span comes from: `user`, `unsampled`, an uninstrumented peer.
    case virtual
    case database
    case messaging
    case other
}

/// Infers node roles from what spans look like, with names only as a last resort.
///
/// Envoy is recognised by its instrumentation scope `envoy` or the `component=proxy`
/// attribute; Triton by its scope `triton-server`, the `InferRequest` span or the
/// `triton.model_name` attribute. Service names are pod names that sites choose
/// freely, so a name pattern only decides when no span says anything.
public enum RoleInference {
    /// Roles of every service seen in `traces`.
    public static func roles(from traces: [Trace]) -> [String: NodeRole] {
        var out: [String: NodeRole] = [:]
        for t in traces.indices {
            let spans = traces[t].spans
            // Spans of one service come together: no lookup while a settled service repeats.
            var settled: String? = nil
            for i in spans.indices {
                let service = spans[i].service
                if service == settled { continue }
                if let known = out[service], known != .other {
                    settled = service
                    continue
                }
                let r = role(of: spans[i])
                out[service] = r
                settled = r == .other ? nil : service
            }
        }
        return out
    }

    /// What one span says about its service.
    public static func role(of span: Span) -> NodeRole {
        if span.scope == "envoy" { return .envoy }
        if span.scope == "triton-server" || span.name == "InferRequest" { return .triton }
        if case .string("proxy")? = span.attributes["component"] { return .envoy }
        if span.attributes["triton.model_name"] != nil { return .triton }
        return .other
    }

    /// The role of `name` when no span is known: the virtual nodes and database/messaging
    /// edges first, then name patterns.
    public static func fallbackRole(name: String, connectionType: ConnectionType?, asServer: Bool) -> NodeRole {
        if name == ServiceGraphPairing.userNode || name == OrphanNode.name { return .virtual }
        if asServer {
            switch connectionType {
            case .database?: return .database
            case .messagingSystem?: return .messaging
            case .virtualNode?: return .virtual
            default: break
            }
        }
        let lower = name.lowercased()
        if lower.contains("envoy") { return .envoy }
        if lower.contains("triton") { return .triton }
        return .other
    }
}

/// The virtual node that orphan requests (caller never sampled) come from on the map.
public enum OrphanNode {
    public static let name = "unsampled"
}
