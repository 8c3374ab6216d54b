extension ExemplarScope {
    /// The PromQL selector whose exemplars a trace search lists: the server-seconds buckets
    /// of the scope's edges (where Tempo's metrics generator attaches its trace ids), with
    /// `filter` (the service-graph filter) added. One name is matched with `=`, several with
    /// an anchored, escaped `=~`.
    public func serverBucketsSelector(filter: LabelSelector = LabelSelector()) -> String {
        var fixed: [LabelMatcher] = []
        if let c = Self.matcher("client", clients) { fixed.append(c) }
        if let s = Self.matcher("server", servers) { fixed.append(s) }
        return filter.selecting("traces_service_graph_request_server_seconds_bucket", fixed)
    }

    private static func matcher(_ label: String, _ names: [String]) -> LabelMatcher? {
        let unique = Array(Set(names)).sorted()
        guard let first = unique.first else { return nil }
        if unique.count == 1 { return LabelMatcher(fixed: label, .equal, first) }
        return LabelMatcher(fixed: label, .matchesRegex, unique.map(regexEscaped).joined(separator: "|"))
    }

    /// `text` with RE2's metacharacters escaped, so it matches only itself.
    static func regexEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
