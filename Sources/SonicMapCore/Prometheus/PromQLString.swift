/// PromQL string literals: Go's quoting rules, as Prometheus' lexer reads them.
enum PromQLString {
    /// `value` as a double-quoted PromQL string: `\` and `"` escaped, control characters
    /// written as escapes, so any text round-trips and nothing can end the literal early.
    static func quote(_ value: String) -> String {
        var out = "\""
        for s in value.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where s.value < 0x20 || s.value == 0x7F:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(s)
            }
        }
        return out + "\""
    }

    /// Why a literal could not be read.
    struct SyntaxError: Error {
        var reason: String
    }

    /// Reads one string literal (`"…"`, `'…'` or a raw `` `…` ``) at the start of `text`,
    /// returning its value and what follows it.
    static func unquote(_ text: Substring) throws(SyntaxError) -> (value: String, rest: Substring) {
        guard let quote = text.unicodeScalars.first, quote == "\"" || quote == "'" || quote == "`" else {
            throw SyntaxError(reason: "expected a quoted string")
        }
        var scalars = text.unicodeScalars.dropFirst()
        var value = String.UnicodeScalarView()
        while let s = scalars.first {
            scalars = scalars.dropFirst()
            if s == quote { return (String(value), Substring(scalars)) }
            if s == "\n", quote != "`" { break }
            if s != "\\" || quote == "`" {
                value.append(s)
                continue
            }
            guard let e = scalars.first else { break }
            scalars = scalars.dropFirst()
            switch e {
            case "a": value.append("\u{07}")
            case "b": value.append("\u{08}")
            case "f": value.append("\u{0C}")
            case "n": value.append("\n")
            case "r": value.append("\r")
            case "t": value.append("\t")
            case "v": value.append("\u{0B}")
            case "\\", "\"", "'": value.append(e)
            case "x", "u", "U":
                let digits = e == "x" ? 2 : e == "u" ? 4 : 8
                let hex = String(String.UnicodeScalarView(scalars.prefix(digits)))
                guard hex.count == digits, let code = UInt32(hex, radix: 16), e != "x" || code < 0x80,
                    let scalar = Unicode.Scalar(code)
                else { throw SyntaxError(reason: "bad \\\(e) escape") }
                value.append(scalar)
                scalars = scalars.dropFirst(digits)
            default:
                throw SyntaxError(reason: "unknown escape \\\(e)")
            }
        }
        throw SyntaxError(reason: "unterminated string")
    }
}
