/// Reads `TraceQLQuery`'s subset of TraceQL: spansets `{ … }` with comparisons joined by
/// `&&` and `||` (parentheses allowed), combined by `>>`, `>`, `&&` and `||`.
struct TraceQLParser {
    enum Token: Equatable {
        case op(String)
        case string(String)
        /// A number, and for a duration literal the nanoseconds per unit.
        case number(Double, unit: Double?)
        case identifier(String)
        case end
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    private static let operators = ["!>", ">>", ">=", "<=", "=~", "!~", "!=", "&&", "||", "=", ">", "<", "{", "}", "(", ")", "|", "!", "~", ","]
    private static let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
    private static let intrinsics: [String: TraceQLField] = [
        "name": .name, "span:name": .name, "status": .status, "span:status": .status,
        "statusMessage": .statusMessage, "span:statusMessage": .statusMessage, "kind": .kind, "span:kind": .kind,
        "duration": .duration, "span:duration": .duration, "rootServiceName": .rootServiceName, "trace:rootService": .rootServiceName,
        "rootName": .rootName, "trace:rootName": .rootName, "traceDuration": .traceDuration, "trace:duration": .traceDuration,
    ]

    static func parse(_ text: String) throws(TraceQLError) -> TraceQLExpression {
        var p = TraceQLParser()
        p.tokens = try tokenize(text)
        let e = try p.spansetOr()
        guard case .end = p.peek else {
            if p.peek == .op("|") { throw p.error("pipelines (| …) are not supported here") }
            throw p.error("unexpected \(p.describe(p.peek))")
        }
        return e
    }

    // MARK: Spansets

    private mutating func spansetOr() throws(TraceQLError) -> TraceQLExpression {
        var e = try spansetAnd()
        while accept("||") { e = .either(e, try spansetAnd()) }
        return e
    }

    private mutating func spansetAnd() throws(TraceQLError) -> TraceQLExpression {
        var e = try structural()
        while accept("&&") { e = .both(e, try structural()) }
        return e
    }

    private mutating func structural() throws(TraceQLError) -> TraceQLExpression {
        var e = try spansetPrimary()
        while true {
            if accept(">>") { e = .descendant(e, try spansetPrimary()) }
            else if accept(">") { e = .child(e, try spansetPrimary()) }
            else if accept("!>") { e = .notChild(e, try spansetPrimary()) }
            else if peek == .op("~") || peek == .op("<<") || peek == .op("<") { throw error("only the >>, > and !> structural operators are supported") }
            else { return e }
        }
    }

    private mutating func spansetPrimary() throws(TraceQLError) -> TraceQLExpression {
        if accept("(") {
            let e = try spansetOr()
            try expect(")")
            return e
        }
        try expect("{")
        if accept("}") { return .spanset(.constant(true)) }
        let c = try conditionOr()
        try expect("}")
        return .spanset(c)
    }

    // MARK: Conditions

    private mutating func conditionOr() throws(TraceQLError) -> TraceQLCondition {
        var c = try conditionAnd()
        while accept("||") { c = .or(c, try conditionAnd()) }
        return c
    }

    private mutating func conditionAnd() throws(TraceQLError) -> TraceQLCondition {
        var c = try conditionPrimary()
        while accept("&&") { c = .and(c, try conditionPrimary()) }
        return c
    }

    private mutating func conditionPrimary() throws(TraceQLError) -> TraceQLCondition {
        if accept("(") {
            let c = try conditionOr()
            try expect(")")
            return c
        }
        guard case .identifier(let word) = peek else { throw error("expected an attribute, got \(describe(peek))") }
        if word == "true" || word == "false" {
            position += 1
            return .constant(word == "true")
        }
        let field = try self.field(word)
        position += 1
        guard case .op(let symbol) = peek, let op = TraceQLOperator(rawValue: symbol) else {
            throw error("expected a comparison (=, !=, >, >=, <, <=, =~, !~) after \(word), got \(describe(peek))")
        }
        position += 1
        let value = try self.value(for: field)
        try check(field, op, value)
        return .compare(field, op, value)
    }

    private func field(_ word: String) throws(TraceQLError) -> TraceQLField {
        if let f = Self.intrinsics[word] { return f }
        if word.hasPrefix("resource."), word.count > 9 { return .resource(String(word.dropFirst(9))) }
        if word.hasPrefix("span."), word.count > 5 { return .span(String(word.dropFirst(5))) }
        if word.hasPrefix("."), word.count > 1 { return .any(String(word.dropFirst())) }
        throw error("unknown attribute \(word): use name, status, kind, duration, resource.x, span.x or .x")
    }

    private mutating func value(for field: TraceQLField) throws(TraceQLError) -> TraceQLValue {
        let token = peek
        position += 1
        switch token {
        case .string(let s): return .string(s)
        case .number(let n, let unit?): return .duration(n * unit)
        case .number(let n, nil): return .number(n)
        case .identifier("true"): return .bool(true)
        case .identifier("false"): return .bool(false)
        case .identifier(let w) where field == .status:
            guard let s = SpanStatus(rawValue: w) else { position -= 1; throw error("status is error, ok or unset, not \(w)") }
            return .status(s)
        case .identifier(let w) where field == .kind:
            guard let k = SpanKind(rawValue: w) else { position -= 1; throw error("kind is server, client, producer, consumer, internal or unspecified, not \(w)") }
            return .kind(k)
        default:
            position -= 1
            throw error("expected a value (\"text\", a number, a duration like 10ms, true or false), got \(describe(token))")
        }
    }

    /// Refuses comparisons that can never make sense, as Tempo does.
    private func check(_ field: TraceQLField, _ op: TraceQLOperator, _ value: TraceQLValue) throws(TraceQLError) {
        let ordered = [TraceQLOperator.greater, .greaterOrEqual, .less, .lessOrEqual].contains(op)
        let regex = op == .matches || op == .notMatches
        switch field {
        case .duration, .traceDuration:
            guard case .duration = value else { throw error("\(field == .duration ? "duration" : "traceDuration") needs a duration like 10ms") }
            guard !regex else { throw error("=~ and !~ compare text, not durations") }
        case .status, .kind:
            guard op == .equal || op == .notEqual else { throw error("status and kind are compared with = or != only") }
        case .name, .statusMessage, .rootServiceName, .rootName:
            guard case .string = value else { throw error("this attribute is text: compare it with a \"quoted string\"") }
        default:
            if regex, case .string = value {} else if regex { throw error("=~ and !~ need a \"regular expression\"") }
            if ordered, case .string = value { throw error(">, >=, < and <= compare numbers and durations") }
        }
        if regex, case .string(let pattern) = value, TraceQLMatcher.regex(pattern) == nil {
            throw error("invalid regular expression \"\(SafeText.clean(pattern))\"")
        }
    }

    // MARK: Tokens

    private var peek: Token { tokens[position].token }

    private mutating func accept(_ op: String) -> Bool {
        guard peek == .op(op) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ op: String) throws(TraceQLError) {
        guard accept(op) else { throw error("expected \(op), got \(describe(peek))") }
    }

    private func error(_ problem: String) -> TraceQLError { TraceQLError(column: tokens[position].column, problem) }

    private func describe(_ t: Token) -> String {
        switch t {
        case .op(let s): "'\(s)'"
        case .string(let s): "\"\(SafeText.clean(String(s.prefix(20))))\""
        case .number(let n, _): "number \(n)"
        case .identifier(let w): "'\(SafeText.clean(String(w.prefix(30))))'"
        case .end: "the end of the query"
        }
    }

    private static func tokenize(_ text: String) throws(TraceQLError) -> [(token: Token, column: Int)] {
        let chars = Array(text)
        var out: [(Token, Int)] = []
        var i = 0
        func isIdentStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "." || c == ":" }
        func isIdent(_ c: Character) -> Bool { isIdentStart(c) || c.isNumber || c == "/" || c == "-" }
        while i < chars.count {
            let c = chars[i], column = i + 1
            if c.isWhitespace {
                i += 1
            } else if c == "\"" || c == "`" {
                var s = ""
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == c { closed = true; break }
                    if chars[j] == "\\", c == "\"", j + 1 < chars.count {
                        j += 1
                        switch chars[j] {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        default: s.append(chars[j])
                        }
                    } else {
                        s.append(chars[j])
                    }
                    j += 1
                }
                guard closed else { throw TraceQLError(column: column, "unterminated string") }
                out.append((.string(s), column))
                i = j + 1
            } else if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                guard let n = Double(String(chars[i..<j])) else { throw TraceQLError(column: column, "bad number") }
                var unit: Double? = nil
                for (name, scale) in units where String(chars[j...].prefix(name.count)) == name {
                    let after = j + name.count
                    if after < chars.count, chars[after].isLetter { continue }
                    unit = scale
                    j = after
                    break
                }
                out.append((.number(n, unit: unit), column))
                i = j
            } else if isIdentStart(c) {
                var j = i + 1
                while j < chars.count, isIdent(chars[j]) { j += 1 }
                out.append((.identifier(String(chars[i..<j])), column))
                i = j
            } else if let op = operators.first(where: { String(chars[i...].prefix($0.count)) == $0 }) {
                out.append((.op(op), column))
                i += op.count
            } else {
                throw TraceQLError(column: column, "unexpected character '\(SafeText.clean(String(c)))'")
            }
        }
        out.append((.end, chars.count + 1))
        return out
    }
}
