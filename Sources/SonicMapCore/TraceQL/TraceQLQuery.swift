/// A TraceQL query in the subset sonicmap can evaluate itself, for sources without Tempo
/// (the demo, snapshots): spansets `{ … }` of comparisons on `name`, `status`,
/// `statusMessage`, `kind`, `duration`, `rootServiceName`, `rootName`, `traceDuration`,
/// `resource.x`, `span.x` and `.x`, joined by `&&`/`||`, and spansets combined by `>>`
/// (descendant), `>` (child), `&&` and `||`. Anything else is a `TraceQLError` saying so.
public struct TraceQLQuery: Equatable, Sendable {
    /// What this subset understands, for error messages.
    public static let subset =
        "{ name = \"InferRequest\" && resource.service.name =~ \"triton.*\" && duration > 10ms && status = error }, joined by >>, >, !>, && and ||"

    /// The query as written, and as parsed.
    public let text: String
    public let expression: TraceQLExpression

    public init(parsing text: String) throws(TraceQLError) {
        self.text = text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        expression = trimmed.isEmpty ? .spanset(.constant(true)) : try TraceQLParser.parse(text)
    }

    /// An evaluator for many traces (regular expressions are compiled once).
    public func matcher() -> TraceQLMatcher { TraceQLMatcher(expression) }
}
