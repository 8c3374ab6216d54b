import SonicMapCore

/// A ready-made view of the requests list: every request newest first, the slowest of
/// the window, or only the failed ones. `/` edits the query behind any of them.
public enum TracesPreset: String, Equatable, Sendable, CaseIterable {
    case newest, slowest, errors

    /// `errors` adds `status = error` to the last spanset of `query` (the spans the query
    /// selects); the others leave it as it is.
    public func query(from query: String) -> String {
        guard self == .errors, !query.contains("status = error") else { return query }
        guard let close = query.lastIndex(of: "}") else { return query }
        let open = query[..<close].lastIndex(of: "{") ?? query.startIndex
        let inside = query[query.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        let condition = inside.isEmpty ? "status = error" : inside + " && status = error"
        return String(query[...open]) + " " + condition + " " + String(query[close...])
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
