import SonicMapCore

/// A ready-made view of the requests list: every request newest first, the slowest of
/// the window, or only the failed ones. `/` edits the query behind any of them.
public enum TracesPreset: String, Equatable, Sendable, CaseIterable {
    case newest, slowest, errors

    /// `errors` keeps the traces of `query` that hold a failed span anywhere
    /// (`(query) && { status = error }`: Envoy marks a failed gRPC call, Triton its
    /// request); the others leave the query as it is.
    public func query(from query: String) -> String {
        guard self == .errors, !query.contains("status = error") else { return query }
        return "(\(query)) && { status = error }"
    }

    /// The order the source lists in.
    var order: TraceSearchOrder { self == .slowest ? .slowest : .newest }

    /// For the info line: what the rows are.
    var title: String {
        switch self {
        case .newest: "newest first"
        case .slowest: "slowest first (of the newest \(TraceSearchOrder.slowestPool) in the window)"
        case .errors: "errors, newest first"
        }
    }
}
