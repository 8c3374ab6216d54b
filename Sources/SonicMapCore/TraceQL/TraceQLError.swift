/// Why a TraceQL query cannot be run by `TraceQLQuery`: a syntax error, or a part of
/// TraceQL outside the subset it evaluates. Worded like Tempo's parse errors.
public struct TraceQLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based column of the problem in the query.
    public var column: Int
    /// What is wrong, without the position.
    public var problem: String

    public init(column: Int, _ problem: String) {
        self.column = column
        self.problem = problem
    }

    public var description: String { "parse error at col \(column): \(problem)" }
}
