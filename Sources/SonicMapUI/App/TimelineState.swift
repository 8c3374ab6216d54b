import SonicMapCore

/// A trace tree shared by value-typed states without copying 100k spans; equal by identity.
public final class SharedTraceTree: Equatable, Sendable {
    public let tree: TraceTree
    public let analysis: TraceAnalysis
    public let critical: Set<Int>

    public init(_ trace: Trace) {
        var sorted = trace
        sorted.spans.sort { ($0.startUnixNano, $0.spanID) < ($1.startUnixNano, $1.spanID) }
        tree = TraceTree(sorted)
        analysis = TraceAnalysis.analyze(sorted)
        critical = tree.criticalPath()
    }

    public static func == (a: SharedTraceTree, b: SharedTraceTree) -> Bool { a === b }
}

/// The timeline (waterfall) of one trace: which rows are open, selected, filtered, zoomed.
public struct TimelineState: Equatable, Sendable {
    public var shared: SharedTraceTree
    public var collapsed: Set<Int> = []
    public var criticalOnly = false
    /// Index into `rows` of the selected row.
    public var selectedRow = 0
    public var scroll = 0
    public var filter = ""
    /// Span indices matching the filter, in display order.
    public var matches: [Int] = []
    /// Time range shown, nanoseconds from the trace start; nil shows the whole trace.
    public var zoom: ClosedRange<UInt64>?
    /// Span details open for the selected span.
    public var showDetails = false
    /// Span indices in display order (recomputed when collapse or critical-only changes).
    public private(set) var rows: [Int] = []

    public init(trace: Trace) {
        shared = SharedTraceTree(trace)
        refreshRows()
    }

    public var tree: TraceTree { shared.tree }
    public var spans: [Span] { shared.tree.trace.spans }
    public var selectedSpan: Int? { rows.indices.contains(selectedRow) ? rows[selectedRow] : nil }

    mutating func refreshRows() {
        let keep = selectedSpan
        rows = tree.visibleOrder(collapsed: collapsed, only: criticalOnly ? shared.critical : nil)
        if let keep, let i = rows.firstIndex(of: keep) { selectedRow = i } else { selectedRow = min(selectedRow, max(0, rows.count - 1)) }
    }

    /// Collapses or expands the selected span (`h`/`l`).
    mutating func setCollapsed(_ collapse: Bool) {
        guard let s = selectedSpan, !tree.children[s].isEmpty else {
            if collapse, let s = selectedSpan, let p = tree.parent[s], let i = rows.firstIndex(of: p) { selectedRow = i }
            return
        }
        if collapse { collapsed.insert(s) } else { collapsed.remove(s) }
        refreshRows()
    }

    mutating func setAllCollapsed(_ collapse: Bool) {
        collapsed = collapse ? Set(tree.children.indices.filter { !tree.children[$0].isEmpty }) : []
        refreshRows()
    }

    mutating func toggleCriticalOnly() {
        criticalOnly.toggle()
        refreshRows()
    }

    /// Applies a span filter and selects the first match.
    mutating func applyFilter(_ text: String) {
        filter = text
        let f = SpanFilter(text)
        matches = rows.isEmpty ? [] : tree.visibleOrder(collapsed: [], only: nil).filter { f.matches(spans[$0]) }
        if let first = matches.first { reveal(first) }
    }

    /// Moves to the next (or previous) filter match.
    mutating func jumpMatch(forward: Bool) {
        guard !matches.isEmpty else { return }
        let current = selectedSpan.flatMap { matches.firstIndex(of: $0) }
        let next = current.map { (forward ? $0 + 1 : $0 - 1 + matches.count) % matches.count } ?? 0
        reveal(matches[next])
    }

    /// Expands the ancestors of a span and selects it.
    mutating func reveal(_ span: Int) {
        var p = tree.parent[span]
        while let v = p {
            collapsed.remove(v)
            p = tree.parent[v]
        }
        if criticalOnly && !shared.critical.contains(span) { criticalOnly = false }
        refreshRows()
        if let i = rows.firstIndex(of: span) { selectedRow = i }
    }

    /// Zooms to the selected span, or back out.
    mutating func toggleZoom() {
        if zoom != nil {
            zoom = nil
            return
        }
        guard let s = selectedSpan else { return }
        let t0 = tree.trace.startUnixNano
        let span = spans[s]
        let a = span.startUnixNano >= t0 ? span.startUnixNano - t0 : 0
        zoom = a...max(a + 1, a + span.durationNanos)
    }
}

/// The timeline's `/` filter: `service=x`, `name=x`, `key=value` on attributes, a
/// duration like `>10ms` or `<500us`, or plain text matched anywhere. Terms combine with AND.
public struct SpanFilter: Sendable {
    enum Term {
        case longer(UInt64), shorter(UInt64)
        case field(String, String)
        case text(String)
    }

    let terms: [Term]

    public init(_ text: String) {
        terms = text.split(separator: " ").map { word -> Term in
            let w = String(word)
            if let first = w.first, first == ">" || first == "<" {
                let rest = w.dropFirst().drop { $0 == "=" }
                if let ns = SpanFilter.nanos(String(rest)) { return first == ">" ? .longer(ns) : .shorter(ns) }
            }
            if let eq = w.firstIndex(of: "=") {
                return .field(String(w[..<eq]).lowercased(), String(w[w.index(after: eq)...]).lowercased())
            }
            return .text(w.lowercased())
        }
    }

    /// `10ms`, `1.5s`, `500us`, `200ns` in nanoseconds.
    static func nanos(_ s: String) -> UInt64? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9)]
        for (u, f) in units where s.hasSuffix(u) {
            if let v = Double(s.dropLast(u.count)), v >= 0 { return UInt64(v * f) }
        }
        return nil
    }

    public func matches(_ s: Span) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .longer(let ns): return s.durationNanos > ns
            case .shorter(let ns): return s.durationNanos < ns
            case .field(let k, let v):
                switch k {
                case "service": return s.service.lowercased().contains(v)
                case "name": return s.name.lowercased().contains(v)
                case "status": return s.status.rawValue == v
                case "kind": return s.kind.rawValue == v
                default: return s.attributes.contains { $0.key.lowercased() == k && $0.value.text.lowercased().contains(v) }
                }
            case .text(let t):
                return s.name.lowercased().contains(t) || s.service.lowercased().contains(t)
                    || s.attributes.contains { $0.value.text.lowercased().contains(t) || $0.key.lowercased().contains(t) }
            }
        }
    }
}
