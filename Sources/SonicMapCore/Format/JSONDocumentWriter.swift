/// Writes JSON text with keys in the order given, so the same value always gives the
/// same bytes. Strings are escaped (control characters as `\u00XX`), and non-finite
/// numbers are written as `null`.
public struct JSONDocumentWriter {
    public private(set) var text = ""
    private var indentLevel = 0
    private var needsComma: [Bool] = [false]
    private let pretty: Bool

    public init(pretty: Bool = true) { self.pretty = pretty }

    private mutating func newline() {
        guard pretty else { return }
        text += "\n" + String(repeating: "  ", count: indentLevel)
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ k: String?) {
        beforeValue()
        if needsComma.count > 1 { newline() }
        if let k { text += JSONDocumentWriter.quote(k) + (pretty ? ": " : ":") }
    }

    public mutating func beginObject(_ k: String? = nil) {
        key(k)
        text += "{"
        indentLevel += 1
        needsComma.append(false)
    }

    public mutating func endObject() { close("}") }

    public mutating func beginArray(_ k: String? = nil) {
        key(k)
        text += "["
        indentLevel += 1
        needsComma.append(false)
    }

    public mutating func endArray() { close("]") }

    private mutating func close(_ c: String) {
        let hadContent = needsComma.removeLast()
        indentLevel -= 1
        if hadContent { newline() }
        text += c
    }

    public mutating func string(_ k: String?, _ v: String) { key(k); text += JSONDocumentWriter.quote(v) }
    public mutating func bool(_ k: String?, _ v: Bool) { key(k); text += v ? "true" : "false" }
    public mutating func null(_ k: String?) { key(k); text += "null" }
    public mutating func int(_ k: String?, _ v: Int64) { key(k); text += String(v) }
    public mutating func uint(_ k: String?, _ v: UInt64) { key(k); text += String(v) }

    public mutating func number(_ k: String?, _ v: Double) {
        key(k)
        text += JSONDocumentWriter.format(v)
    }

    /// Inserts text that is already a JSON value (an embedded document), as it is.
    public mutating func raw(_ k: String?, _ json: String) { key(k); text += json }

    public mutating func number(_ k: String?, _ v: Double?) {
        if let v { number(k, v) } else { null(k) }
    }

    /// Shortest text that reads back as the same double; integers without a fraction.
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A JSON string literal. Besides what RFC 8259 requires, C1 controls, line and
    /// paragraph separators and bidirectional controls are written as `\uXXXX`: the value
    /// reads back exact, and the file shown in a terminal cannot reorder its text.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
                || c.value == 0x200E || c.value == 0x200F || (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value):
                out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
