/// The parent/child structure of a trace, built once, for the timeline: roots in start
/// order (a span whose parent is missing is an *orphan root*), children in start order,
/// and the critical path.
public struct TraceTree: Sendable {
    public let trace: Trace
    /// Indices into `trace.spans` of the roots, sorted by start.
    public let roots: [Int]
    /// Children of each span (by index), sorted by start.
    public let children: [[Int]]
    /// Parent index of each span, nil for roots.
    public let parent: [Int?]
    /// Roots whose parent id is set but absent from the trace.
    public let orphanRoots: Set<Int>
    /// Spans that start before or end after their parent.
    public let outsideParent: Set<Int>
    /// Depth of each span below its root.
    public let depth: [Int]

    public init(_ trace: Trace) {
        self.trace = trace
        let spans = trace.spans
        var index: [SpanID: Int] = [:]
        index.reserveCapacity(spans.count)
        for (i, s) in spans.enumerated() where index[s.spanID] == nil { index[s.spanID] = i }
        var children = Array(repeating: [Int](), count: spans.count)
        var parent = Array<Int?>(repeating: nil, count: spans.count)
        var roots: [Int] = []
        var orphans = Set<Int>()
        var outside = Set<Int>()
        for (i, s) in spans.enumerated() {
            if let p = s.parentSpanID, let pi = index[p], pi != i {
                children[pi].append(i)
                parent[i] = pi
                if s.startUnixNano < spans[pi].startUnixNano || s.endUnixNano > spans[pi].endUnixNano { outside.insert(i) }
            } else {
                roots.append(i)
                if s.parentSpanID != nil { orphans.insert(i) }
            }
        }
        let byStart: (Int, Int) -> Bool = { (spans[$0].startUnixNano, spans[$0].spanID) < (spans[$1].startUnixNano, spans[$1].spanID) }
        roots.sort(by: byStart)
        for i in children.indices where children[i].count > 1 { children[i].sort(by: byStart) }
        // Depths, iteratively (a 100k-span chain must not overflow the stack). Cycles of
        // parent ids are impossible to follow forever: each span is visited once.
        var depth = Array(repeating: 0, count: spans.count)
        var stack = roots
        var seen = Set<Int>()
        while let v = stack.popLast() {
            guard seen.insert(v).inserted else { continue }
            for c in children[v] {
                depth[c] = depth[v] + 1
                stack.append(c)
            }
        }
        // Spans caught in a parent-id cycle are reachable from no root: make them roots.
        for i in spans.indices where !seen.contains(i) {
            roots.append(i)
            parent[i] = nil
        }
        self.roots = roots
        self.children = children
        self.parent = parent
        self.orphanRoots = orphans
        self.outsideParent = outside
        self.depth = depth
    }

    /// The critical path: from each root, repeatedly the child that ends last, which is
    /// the one the parent waited for.
    public func criticalPath() -> Set<Int> {
        var path = Set<Int>()
        for r in roots {
            var v = r
            path.insert(v)
            while let next = children[v].max(by: { trace.spans[$0].endUnixNano < trace.spans[$1].endUnixNano }), !path.contains(next) {
                path.insert(next)
                v = next
            }
        }
        return path
    }

    /// Spans in display order (depth first), skipping the children of `collapsed` spans.
    public func visibleOrder(collapsed: Set<Int>, only: Set<Int>? = nil) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(trace.spans.count)
        var stack = roots.reversed().map { $0 }
        var seen = Set<Int>()
        while let v = stack.popLast() {
            guard seen.insert(v).inserted else { continue }
            if only == nil || only!.contains(v) { out.append(v) }
            if !collapsed.contains(v) { stack.append(contentsOf: children[v].reversed()) }
        }
        return out
    }
}
