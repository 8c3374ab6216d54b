import Foundation

/// Evaluates a `TraceQLQuery` on traces. Not thread-safe: make one per thread.
public final class TraceQLMatcher {
    private let expression: TraceQLExpression
    private var regexes: [String: NSRegularExpression] = [:]

    init(_ expression: TraceQLExpression) { self.expression = expression }

    /// A fully anchored regular expression, as Tempo matches `=~`; nil when invalid.
    static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators])
    }

    /// Whether any span of `trace` is selected.
    public func matches(_ trace: Trace) -> Bool { !spans(in: trace).isEmpty }

    /// Indices in `trace.spans` of the spans the query selects, ascending.
    public func spans(in trace: Trace) -> [Int] {
        let context = Context(trace)
        return evaluate(expression, context).sorted()
    }

    /// What every comparison of one trace needs.
    private struct Context {
        let trace: Trace
        let parent: [Int?]
        let root: Span?

        init(_ trace: Trace) {
            self.trace = trace
            var index: [SpanID: Int] = [:]
            for (i, s) in trace.spans.enumerated() where index[s.spanID] == nil { index[s.spanID] = i }
            parent = trace.spans.map { s in s.parentSpanID.flatMap { index[$0] } }
            root = trace.spans.first { $0.parentSpanID == nil }
        }
    }

    private func evaluate(_ e: TraceQLExpression, _ c: Context) -> Set<Int> {
        switch e {
        case .spanset(let condition):
            return Set(c.trace.spans.indices.filter { holds(condition, span: $0, c) })
        case .either(let a, let b):
            return evaluate(a, c).union(evaluate(b, c))
        case .both(let a, let b):
            let l = evaluate(a, c)
            guard !l.isEmpty else { return [] }
            let r = evaluate(b, c)
            return r.isEmpty ? [] : l.union(r)
        case .child(let a, let b):
            let parents = evaluate(a, c)
            guard !parents.isEmpty else { return [] }
            return evaluate(b, c).filter { c.parent[$0].map(parents.contains) ?? false }
        case .notChild(let a, let b):
            let parents = evaluate(a, c)
            return evaluate(b, c).filter { !(c.parent[$0].map(parents.contains) ?? false) }
        case .descendant(let a, let b):
            let ancestors = evaluate(a, c)
            guard !ancestors.isEmpty else { return [] }
            return evaluate(b, c).filter { i in
                var p = c.parent[i]
                var steps = 0
                while let v = p, steps < c.parent.count {
                    if ancestors.contains(v) { return true }
                    p = c.parent[v]
                    steps += 1
                }
                return false
            }
        }
    }

    private func holds(_ condition: TraceQLCondition, span i: Int, _ c: Context) -> Bool {
        switch condition {
        case .constant(let b): return b
        case .and(let a, let b): return holds(a, span: i, c) && holds(b, span: i, c)
        case .or(let a, let b): return holds(a, span: i, c) || holds(b, span: i, c)
        case .compare(let field, let op, let value): return compare(field, op, value, span: c.trace.spans[i], c)
        }
    }

    /// A span's value for a field, in the form it is compared in.
    private enum Actual {
        case text(String), number(Double), bool(Bool)
    }

    private func actual(_ field: TraceQLField, _ span: Span, _ c: Context) -> Actual? {
        func attribute(_ list: [Attribute], _ key: String) -> Actual? {
            guard let v = list[key] else { return nil }
            switch v {
            case .bool(let b): return .bool(b)
            case .int(let n): return .number(Double(n))
            case .double(let d): return .number(d)
            default: return .text(v.text)
            }
        }
        func resource(_ key: String) -> Actual? {
            if key == "service.name" { return .text(span.service) }
            let list = c.trace.resources.indices.contains(span.resource) ? c.trace.resources[span.resource].attributes : []
            return attribute(list, key)
        }
        switch field {
        case .name: return .text(span.name)
        case .status: return .text(span.status.rawValue)
        case .statusMessage: return .text(span.statusMessage)
        case .kind: return .text(span.kind.rawValue)
        case .duration: return .number(Double(span.durationNanos))
        case .rootServiceName: return c.root.map { .text($0.service) }
        case .rootName: return c.root.map { .text($0.name) }
        case .traceDuration:
            let t = c.trace
            return .number(Double(t.endUnixNano >= t.startUnixNano ? t.endUnixNano - t.startUnixNano : 0))
        case .resource(let key): return resource(key)
        case .span(let key): return attribute(span.attributes, key)
        case .any(let key): return attribute(span.attributes, key) ?? resource(key)
        }
    }

    private func compare(_ field: TraceQLField, _ op: TraceQLOperator, _ value: TraceQLValue, span: Span, _ c: Context) -> Bool {
        // A span without the attribute matches nothing, not even `!=` (as in Tempo).
        guard let a = actual(field, span, c) else { return false }
        switch (a, value) {
        case (.text(let t), .string(let v)):
            switch op {
            case .matches: return regex(v)?.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
            case .notMatches: return regex(v)?.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) == nil
            default: return order(t, v, op)
            }
        case (.text(let t), .status(let s)): return order(t, s.rawValue, op)
        case (.text(let t), .kind(let k)): return order(t, k.rawValue, op)
        case (.number(let n), .number(let v)), (.number(let n), .duration(let v)): return order(n, v, op)
        case (.bool(let b), .bool(let v)): return op == .equal ? b == v : op == .notEqual ? b != v : false
        case (.text(let t), .number(let v)): return Double(t).map { order($0, v, op) } ?? false
        default: return false
        }
    }

    private func order<T: Comparable>(_ a: T, _ b: T, _ op: TraceQLOperator) -> Bool {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .matches, .notMatches: false
        }
    }

    private func regex(_ pattern: String) -> NSRegularExpression? {
        if let r = regexes[pattern] { return r }
        let r = Self.regex(pattern)
        regexes[pattern] = r
        return r
    }
}
