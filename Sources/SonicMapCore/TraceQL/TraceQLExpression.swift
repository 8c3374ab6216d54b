/// The parsed form of a query in `TraceQLQuery`'s subset of TraceQL.
public indirect enum TraceQLExpression: Equatable, Sendable {
    /// `{ condition }`: the spans the condition holds for (`{}` or `{ true }`: every span).
    case spanset(TraceQLCondition)
    /// `A >> B`: spans of B with an ancestor in A.
    case descendant(TraceQLExpression, TraceQLExpression)
    /// `A > B`: spans of B whose parent is in A.
    case child(TraceQLExpression, TraceQLExpression)
    /// `A !> B`: spans of B whose parent is not in A; `{ } !> B` is B's spans without a
    /// parent in the trace (an orphan `InferRequest`, whose caller's span was never exported).
    case notChild(TraceQLExpression, TraceQLExpression)
    /// `A && B`: both spansets, when both have spans.
    case both(TraceQLExpression, TraceQLExpression)
    /// `A || B`: either spanset.
    case either(TraceQLExpression, TraceQLExpression)
}

/// A condition on one span inside `{ … }`.
public indirect enum TraceQLCondition: Equatable, Sendable {
    case constant(Bool)
    case and(TraceQLCondition, TraceQLCondition)
    case or(TraceQLCondition, TraceQLCondition)
    case compare(TraceQLField, TraceQLOperator, TraceQLValue)
}

/// What a comparison looks at.
public enum TraceQLField: Equatable, Sendable {
    case name, status, statusMessage, kind, duration
    case rootServiceName, rootName, traceDuration
    /// `resource.x` (`resource.service.name` is the span's service).
    case resource(String)
    /// `span.x`.
    case span(String)
    /// `.x`: the span's attribute, else its resource's.
    case any(String)
}

/// TraceQL's comparison operators.
public enum TraceQLOperator: String, Equatable, Sendable {
    case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    case matches = "=~", notMatches = "!~"
}

/// A literal on the right of a comparison.
public enum TraceQLValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    /// A duration literal (`10ms`), nanoseconds.
    case duration(Double)
    case bool(Bool)
    case status(SpanStatus)
    case kind(SpanKind)
}
