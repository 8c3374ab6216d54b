/// A list of label matchers added to a metric selector, e.g. the service-graph filter
/// `client!="user"` or the SuperSONIC selector `release=~"supersonic"`. Empty adds nothing.
public struct LabelSelector: Equatable, Sendable, CustomStringConvertible {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case invalidLabelName(String)
        case syntax(String)

        public var description: String {
            switch self {
            case let .invalidLabelName(name): "invalid label name \"\(name)\""
            case let .syntax(reason): "invalid label selector: \(reason)"
            }
        }
    }

    public var matchers: [LabelMatcher]

    public init(_ matchers: [LabelMatcher] = []) {
        self.matchers = matchers
    }

    /// Parses PromQL matcher syntax as a user would type it: `client!="user"`,
    /// `{release=~"supersonic", namespace="cms"}`; braces optional, empty text is no matchers.
    public init(parsing text: String) throws(Error) {
        var rest = Substring(text).trimmingLeadingSpaces()
        let braced = rest.first == "{"
        if braced { rest = rest.dropFirst().trimmingLeadingSpaces() }
        var matchers: [LabelMatcher] = []
        while let c = rest.first, c != "}" {
            let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            guard !name.isEmpty else { throw .syntax("expected a label name at \"\(Self.quoteFragment(rest))\"") }
            rest = rest.dropFirst(name.count).trimmingLeadingSpaces()
            guard let op = [LabelMatcher.Operator.notEqual, .matchesRegex, .notMatchesRegex, .equal]
                .first(where: { rest.hasPrefix($0.rawValue) })
            else { throw .syntax("expected =, !=, =~ or !~ after \"\(Self.quoteFragment(name))\"") }
            rest = rest.dropFirst(op.rawValue.count).trimmingLeadingSpaces()
            let literal: (value: String, rest: Substring)
            do {
                literal = try PromQLString.unquote(rest)
            } catch {
                throw .syntax("\(error.reason) for label \"\(name)\"")
            }
            matchers.append(try LabelMatcher(name: String(name), op: op, value: literal.value))
            rest = literal.rest.trimmingLeadingSpaces()
            guard rest.first == "," else { break }
            rest = rest.dropFirst().trimmingLeadingSpaces()
        }
        if braced {
            guard rest.first == "}" else { throw .syntax("missing }") }
            rest = rest.dropFirst().trimmingLeadingSpaces()
        }
        guard rest.isEmpty else { throw .syntax("unexpected \"\(Self.quoteFragment(rest))\"") }
        self.matchers = matchers
    }

    public var isEmpty: Bool { matchers.isEmpty }

    /// The matchers joined as PromQL writes them inside braces: `a="x", b!="y"`.
    public var description: String { matchers.map(\.description).joined(separator: ", ") }

    /// `metric{fixed…, matchers…}`, or the bare metric name when there is nothing to match.
    func selecting(_ metric: String, _ fixed: [LabelMatcher] = []) -> String {
        let all = fixed + matchers
        return all.isEmpty ? metric : metric + "{" + all.map(\.description).joined(separator: ", ") + "}"
    }

    private static func quoteFragment(_ s: Substring) -> String { SafeText.clean(String(s.prefix(20))) }
}

extension Substring {
    fileprivate func trimmingLeadingSpaces() -> Substring { drop { $0 == " " || $0 == "\t" || $0 == "\n" } }
}
