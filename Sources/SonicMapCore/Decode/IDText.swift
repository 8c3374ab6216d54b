/// Parses trace and span ids from the raw bytes of a JSON string, without allocating.
///
/// Accepted forms, per id:
/// - empty: the zero id (proto3 JSON omits or empties zero values);
/// - hex, upper or lower case, at most 32 (trace) or 16 (span) digits; fewer digits
///   mean trimmed leading zeros, as in Tempo's search results;
/// - standard or URL-safe base64 of exactly 16 or 8 bytes, as gogo jsonpb writes.
///
/// A string made only of hex digits is read as hex. Padded base64 of 16 or 8 bytes
/// always contains `=`, so the two forms cannot be confused for what Tempo writes.
enum IDText {
    static func traceID(_ text: UnsafeBufferPointer<UInt8>) -> TraceID? {
        if text.isEmpty { return TraceID(high: 0, low: 0) }
        if text.count <= 32, text[text.count - 1] != UInt8(ascii: "="), let (hi, lo) = hex128(text) {
            return TraceID(high: hi, low: lo)
        }
        guard let (hi, lo, n) = base64(text), n == 16 else { return nil }
        return TraceID(high: hi, low: lo)
    }

    static func spanID(_ text: UnsafeBufferPointer<UInt8>) -> SpanID? {
        if text.isEmpty { return SpanID(0) }
        if text.count <= 16, text[text.count - 1] != UInt8(ascii: "="), let (_, lo) = hex128(text) { return SpanID(lo) }
        guard let (_, lo, n) = base64(text), n == 8 else { return nil }
        return SpanID(lo)
    }

    /// Up to 32 hex digits as a 128-bit big-endian number.
    private static func hex128(_ text: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        var hi: UInt64 = 0, lo: UInt64 = 0
        for c in text {
            guard let v = HexDigits.value(c) else { return nil }
            hi = hi << 4 | lo >> 60
            lo = lo << 4 | UInt64(v)
        }
        return (hi, lo)
    }

    /// Base64 of at most 16 bytes, right-aligned in a 128-bit number, and the byte count.
    private static func base64(_ text: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, Int)? {
        var padding = 0
        while padding < min(2, text.count), text[text.count - 1 - padding] == UInt8(ascii: "=") { padding += 1 }
        var hi: UInt64 = 0, lo: UInt64 = 0
        var acc: UInt32 = 0, bits = 0, count = 0
        let ok = base64Values.withUnsafeBufferPointer { table -> Bool in
            for c in text[..<(text.count - padding)] {
                let v = table[Int(c)]
                guard v < 64 else { return false }
                acc = acc << 6 | UInt32(v)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    guard count < 16 else { return false }
                    hi = hi << 8 | lo >> 56
                    lo = lo << 8 | UInt64(acc >> UInt32(bits) & 0xFF)
                    count += 1
                }
            }
            return true
        }
        return ok ? (hi, lo, count) : nil
    }

    /// Each byte's base64 value, standard and URL-safe alphabets alike; 0xFF elsewhere.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()
}
