/// Why a Tempo API answer other than a trace (search results, tags, build info) could
/// not be read. Trace bodies have `TraceDecodeError`.
public struct TempoPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was expected and what was found, made safe to show.
    public var reason: String

    public init(_ reason: String) { self.reason = SafeText.clean(reason) }

    public var description: String { reason }
}
