/// A forward-only JSON tokenizer over raw bytes, for the trace reader.
///
/// It never builds a document tree: the reader asks for the next key, string or number
/// and decodes straight into the model. Unknown values are skipped by counting brackets,
/// without recursion, so nesting depth costs nothing and cannot overflow the stack;
/// skipped values are not validated. Strings are decoded with invalid UTF-8 replaced
/// by U+FFFD. Every error carries the byte offset where it was noticed.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    // MARK: - Errors

    /// An error at the current offset; at the end of input it reports truncation inside `context`.
    func failure(_ message: @autoclosure () -> String, inside context: String) -> TraceDecodeError {
        offset >= bytes.count
            ? .truncated(format: "JSON", offset: bytes.count, context: context)
            : .invalidJSON(offset: offset, message: message())
    }

    /// How the byte at the current offset reads in a message: `'x'`, `a string`, `byte 0x07` …
    var found: String {
        guard offset < bytes.count else { return "the end of input" }
        let c = bytes[offset]
        switch c {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case Self.quote: return "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"): return "a boolean"
        case UInt8(ascii: "n") where startsWith("null"): return "null"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(c)))'"
        default: return "byte 0x" + String(c, radix: 16, uppercase: true)
        }
    }

    private func startsWith(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard bytes.count - offset >= n else { return false }
        return (0..<n).allSatisfy { bytes[offset + $0] == word.utf8Start[$0] }
    }

    // MARK: - Structure

    @inline(__always)
    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The first byte of the next value, after whitespace.
    @inline(__always)
    mutating func peek(inside context: String) throws(TraceDecodeError) -> UInt8 {
        skipSpace()
        guard offset < bytes.count else { throw failure("", inside: context) }
        return bytes[offset]
    }

    /// Consumes `null` if it comes next; proto3 JSON reads it as the field's default.
    @inline(__always)
    mutating func skipNull() throws(TraceDecodeError) -> Bool {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Consumes `{`; `field` names the value in the error (`'spans'` …).
    mutating func beginObject(_ field: String) throws(TraceDecodeError) {
        guard try peek(inside: field) == UInt8(ascii: "{") else {
            throw failure("\(field) must be an object, found \(found)", inside: field)
        }
        offset += 1
    }

    /// Consumes `[`; `field` names the value in the error.
    mutating func beginArray(_ field: String) throws(TraceDecodeError) {
        guard try peek(inside: field) == UInt8(ascii: "[") else {
            throw failure("\(field) must be an array, found \(found)", inside: field)
        }
        offset += 1
    }

    /// The next member's key, with its `:` consumed, or nil after the closing `}`.
    /// `first` is true before the first member and is cleared here.
    @inline(__always)
    mutating func nextKey(_ first: inout Bool) throws(TraceDecodeError) -> JSONKey? {
        var c = try peek(inside: "an object")
        if c == UInt8(ascii: "}") { offset += 1; return nil }
        if first {
            first = false
        } else {
            guard c == UInt8(ascii: ",") else {
                throw failure("expected ',' or '}' after an object member, found \(found)", inside: "an object")
            }
            offset += 1
            c = try peek(inside: "an object")
        }
        guard c == Self.quote else { throw failure("expected a quoted key, found \(found)", inside: "an object") }
        let start = offset + 1
        let raw = try rawString()
        if raw.escaped { _ = try Self.unescape(raw.bytes, at: start) }
        let key = JSONKey(raw.bytes, escaped: raw.escaped)
        guard try peek(inside: "an object") == UInt8(ascii: ":") else {
            throw failure("expected ':' after a key, found \(found)", inside: "an object")
        }
        offset += 1
        return key
    }

    /// True if another element follows, consuming the `,` between elements;
    /// false after the closing `]`. `first` is true before the first element.
    @inline(__always)
    mutating func nextElement(_ first: inout Bool) throws(TraceDecodeError) -> Bool {
        let c = try peek(inside: "an array")
        if c == UInt8(ascii: "]") { offset += 1; return false }
        if first { first = false; return true }
        guard c == UInt8(ascii: ",") else {
            throw failure("expected ',' or ']' after an array element, found \(found)", inside: "an array")
        }
        offset += 1
        return true
    }

    /// Skips one value of any kind. Strings are scanned for their closing quote; objects
    /// and arrays by bracket depth; scalars up to the next delimiter.
    mutating func skipValue() throws(TraceDecodeError) {
        let c = try peek(inside: "a value")
        switch c {
        case Self.quote:
            _ = try rawString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while offset < bytes.count {
                switch bytes[offset] {
                case Self.quote:
                    _ = try rawString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { offset += 1; return }
                default:
                    break
                }
                offset += 1
            }
            throw failure("", inside: c == UInt8(ascii: "{") ? "an object" : "an array")
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return
                default: offset += 1
                }
            }
        default:
            throw failure("expected a value, found \(found)", inside: "a value")
        }
    }

    /// Consumes the exact `word` (`true`, `false`, `null`).
    private mutating func literal(_ word: StaticString) throws(TraceDecodeError) {
        let n = word.utf8CodeUnitCount
        for i in 0..<n {
            guard offset + i < bytes.count else { offset = bytes.count; throw failure("", inside: "a literal") }
            guard bytes[offset + i] == word.utf8Start[i] else {
                offset += i
                throw failure("expected '\(word)', found \(found)", inside: "a literal")
            }
        }
        offset += n
    }

    // MARK: - Strings

    /// A string's bytes as they stand in the input, between the quotes, and whether they hold escapes.
    struct RawString {
        var bytes: UnsafeBufferPointer<UInt8>
        var escaped: Bool
    }

    /// Scans a string (the cursor is on its opening quote) and leaves the cursor after it.
    /// Eight bytes at a time while there is neither a quote nor a backslash among them.
    @inline(__always)
    mutating func rawString() throws(TraceDecodeError) -> RawString {
        offset += 1
        let start = offset
        var escaped = false
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while true {
            while offset + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if Self.hasByte(word, Self.quoteWord) || Self.hasByte(word, Self.backslashWord) { break }
                offset += 8
            }
            guard offset < bytes.count else { break }
            let c = bytes[offset]
            if c == Self.quote {
                offset += 1
                return RawString(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(offset - 1)]), escaped: escaped)
            }
            if c == Self.backslash {
                escaped = true
                offset += 1
            }
            offset += 1
        }
        offset = bytes.count
        throw failure("", inside: "a string")
    }

    private static let quoteWord: UInt64 = 0x2222_2222_2222_2222, backslashWord: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// True if some byte of `word` equals the byte repeated in `pattern` (the classic
    /// "has zero byte" test on `word ^ pattern`).
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ pattern: UInt64) -> Bool {
        let x = word ^ pattern
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// Reads a string value; `field` names it in the error.
    @inline(__always)
    mutating func string(_ field: String) throws(TraceDecodeError) -> String {
        guard try peek(inside: field) == Self.quote else {
            throw failure("\(field) must be a string, found \(found)", inside: field)
        }
        let start = offset + 1
        let raw = try rawString()
        guard raw.escaped else { return String(decoding: raw.bytes, as: UTF8.self) }
        return String(decoding: try Self.unescape(raw.bytes, at: start), as: UTF8.self)
    }

    /// Reads a string and hands its unescaped bytes to `body` (for ids and enum names).
    @inline(__always)
    mutating func withStringBytes<R>(_ field: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(TraceDecodeError) -> R {
        guard try peek(inside: field) == Self.quote else {
            throw failure("\(field) must be a string, found \(found)", inside: field)
        }
        let start = offset + 1
        let raw = try rawString()
        guard raw.escaped else { return body(raw.bytes) }
        return try Self.unescape(raw.bytes, at: start).withUnsafeBufferPointer(body)
    }

    /// Resolves the escapes in a string's bytes; `base` is their offset in the input,
    /// for errors. Lone or malformed surrogates become U+FFFD.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, at base: Int) throws(TraceDecodeError) -> [UInt8] {
        let end = raw.count
        var out: [UInt8] = []
        out.reserveCapacity(end)
        var i = 0
        func fail(_ message: String) -> TraceDecodeError { .invalidJSON(offset: base + i, message: message) }
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= end else { return nil }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                guard let d = HexDigits.value(raw[k]) else { return nil }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < end {
            let c = raw[i]
            guard c == backslash else { out.append(c); i += 1; continue }
            guard i + 1 < end else { throw fail("unfinished escape in a string") }
            switch raw[i + 1] {
            case quote: out.append(quote)
            case backslash: out.append(backslash)
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let u = hex4(i + 2) else { throw fail("'\\u' must be followed by 4 hex digits") }
                i += 6
                var scalar = u
                if (0xD800..<0xDC00).contains(u), i + 1 < end, raw[i] == backslash,
                   raw[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                continue
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(raw[i + 1])))' in a string")
            }
            i += 2
        }
        return out
    }

    // MARK: - Scalars

    /// Reads `true` or `false`.
    mutating func bool(_ field: String) throws(TraceDecodeError) -> Bool {
        switch try peek(inside: field) {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw failure("\(field) must be true or false, found \(found)", inside: field)
        }
    }

    /// Reads an unsigned 64-bit integer written as a number or, as proto3 JSON writes
    /// int64, as a string.
    @inline(__always)
    mutating func uint64(_ field: String) throws(TraceDecodeError) -> UInt64 {
        let (negative, magnitude) = try integer(field)
        guard !negative || magnitude == 0 else { throw failure("\(field) must not be negative", inside: field) }
        return magnitude
    }

    /// Reads a signed 64-bit integer written as a number or a string.
    mutating func int64(_ field: String) throws(TraceDecodeError) -> Int64 {
        let (negative, magnitude) = try integer(field)
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw failure("\(field) is out of range for int64", inside: field) }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw failure("\(field) is out of range for int64", inside: field) }
        return Int64(magnitude)
    }

    /// An integer's sign and magnitude, from a number or a quoted number. Integral
    /// values in exponent form (`1e3`, `"2.0"`) are accepted, as proto3 JSON allows.
    private mutating func integer(_ field: String) throws(TraceDecodeError) -> (Bool, UInt64) {
        let quoted = try peek(inside: field) == Self.quote
        let at = offset
        if quoted { offset += 1 }
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { negative = true; offset += 1 }
        let digitsStart = offset
        var value: UInt64 = 0
        var overflow = false
        while offset < bytes.count {
            let d = bytes[offset] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            if offset - digitsStart < 19 {
                value = value &* 10 &+ UInt64(d)  // 19 digits always fit
            } else {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                overflow = overflow || o1 || o2
                value = s
            }
            offset += 1
        }
        if offset < bytes.count,
           bytes[offset] == UInt8(ascii: ".") || bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset = at
            return try integralDouble(field)
        }
        guard offset > digitsStart else {
            offset = at
            throw failure("\(field) must be an integer, found \(found)", inside: field)
        }
        if quoted {
            guard offset < bytes.count else { throw failure("", inside: "a string") }
            guard bytes[offset] == Self.quote else { throw failure("\(field) must be an integer, found \(found)", inside: field) }
            offset += 1
        }
        guard !overflow else {
            offset = digitsStart
            throw failure("\(field) is out of range for a 64-bit integer", inside: field)
        }
        return (negative, value)
    }

    /// An integer written with a fraction or exponent; it must be integral and in range.
    private mutating func integralDouble(_ field: String) throws(TraceDecodeError) -> (Bool, UInt64) {
        let at = offset
        let d = try double(field)
        guard d.isFinite, d == d.rounded(), abs(d) < 18_446_744_073_709_551_616.0 else {
            offset = at
            throw failure("\(field) must be an integer in 64-bit range", inside: field)
        }
        return (d < 0, UInt64(abs(d)))
    }

    /// Reads a double written as a number, a quoted number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    /// Numbers too large for a double read as infinity, as JSON parsers do.
    mutating func double(_ field: String) throws(TraceDecodeError) -> Double {
        let quoted = try peek(inside: field) == Self.quote
        let at = offset
        if quoted { offset += 1 }
        let start = offset
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                offset += 1
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z") where quoted, UInt8(ascii: "A")...UInt8(ascii: "Z") where quoted:
                offset += 1
                continue
            default: break
            }
            break
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        let value: Double?
        switch text {
        case "NaN" where quoted: value = .nan
        case "Infinity" where quoted: value = .infinity
        case "-Infinity" where quoted: value = -.infinity
        default: value = text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) ? Double(text) : nil
        }
        guard let value else {
            offset = at
            throw failure("\(field) must be a number, found \(found)", inside: field)
        }
        if quoted {
            guard offset < bytes.count else { throw failure("", inside: "a string") }
            guard bytes[offset] == Self.quote else { throw failure("\(field) must be a number, found \(found)", inside: field) }
            offset += 1
        }
        return value
    }
}
