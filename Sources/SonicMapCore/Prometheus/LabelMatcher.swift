/// One PromQL label matcher, such as `client!="user"` or `release=~"supersonic"`.
///
/// The name is checked against Prometheus' label-name syntax and the value is always
/// written as an escaped string literal, so user text cannot change the query's shape.
public struct LabelMatcher: Equatable, Sendable, CustomStringConvertible {
    /// PromQL's four matcher operators.
    public enum Operator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case matchesRegex = "=~"
        case notMatchesRegex = "!~"
    }

    /// The label name, e.g. `client`.
    public let name: String
    public let op: Operator
    /// The text matched (a regular expression for `=~` and `!~`), unescaped.
    public let value: String

    /// Throws when `name` is not a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public init(name: String, op: Operator, value: String) throws(LabelSelector.Error) {
        guard Self.isValidName(name) else { throw .invalidLabelName(SafeText.clean(name)) }
        self.name = name
        self.op = op
        self.value = value
    }

    /// A matcher on a label name the code itself spells.
    init(fixed name: String, _ op: Operator, _ value: String) {
        self.name = name
        self.op = op
        self.value = value
    }

    /// The matcher in PromQL: `name op "value"`.
    public var description: String { name + op.rawValue + PromQLString.quote(value) }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { c in
            c == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
        }
    }
}
