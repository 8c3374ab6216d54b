/// Appends JSON tokens to a byte buffer, for the trace encoders.
///
/// Strings are escaped as RFC 8259 requires (quote, backslash and control characters);
/// everything else, including non-ASCII text, is written as UTF-8.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Writes `text` as is: punctuation and keys the encoder spells out.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
            } else {
                for c in utf8 { escaped(c) }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func escaped(_ c: UInt8) {
        switch c {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        case 0..<0x20:
            raw("\\u00")
            bytes.append(Self.hexDigits[Int(c >> 4)])
            bytes.append(Self.hexDigits[Int(c & 0xF)])
        default: bytes.append(c)
        }
    }

    /// Writes an unsigned integer in decimal, without quotes.
    mutating func decimal(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, filled from the end
        withUnsafeMutableBytes(of: &digits) { buf in
            var v = value, i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            bytes.append(contentsOf: buf[i...])
        }
    }

    /// Writes a signed integer in decimal, without quotes.
    mutating func decimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        decimal(value.magnitude)
    }

    /// Writes an int64 the way proto3 JSON does: as a quoted decimal string.
    mutating func quoted(_ value: UInt64) {
        bytes.append(UInt8(ascii: "\""))
        decimal(value)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func quoted(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        decimal(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a double as the shortest text that reads back to it; proto3 JSON
    /// spells non-finite values as the strings `NaN`, `Infinity` and `-Infinity`.
    mutating func double(_ value: Double) {
        if value.isNaN { raw("\"NaN\"") } else if value == .infinity { raw("\"Infinity\"") } else if value == -.infinity {
            raw("\"-Infinity\"")
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Writes `value` as `digits` lowercase hex digits, in quotes.
    mutating func quotedHex(_ value: UInt64, digits: Int) {
        bytes.append(UInt8(ascii: "\""))
        hex(value, digits: digits)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `value` as `digits` lowercase hex digits.
    mutating func hex(_ value: UInt64, digits: Int) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int(value >> UInt64(shift) & 0xF)])
        }
    }

    /// Writes `bytes` as standard padded base64, in quotes.
    mutating func quotedBase64(_ data: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Base64.encode(data).utf8)
        bytes.append(UInt8(ascii: "\""))
    }
}
