/// Why the text of one setting is not acceptable, without saying where it came from:
/// the flag, environment or file reader adds that.
public struct ConfigValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problem: String

    public init(_ problem: String) { self.problem = problem }

    public var description: String { problem }
}
