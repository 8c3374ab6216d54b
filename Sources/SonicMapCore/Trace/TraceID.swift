/// A 128-bit trace id.
///
/// Tempo writes ids as base64 in trace bodies and as hex with leading zeros trimmed in
/// search results and exemplars; the Collector writes full hex. All of them parse to
/// the same value, and `hex` always prints the 32-character form.
public struct TraceID: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 1–32 hex digits; shorter ids had their leading zeros trimmed.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard !digits.isEmpty, digits.count <= 32 else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for d in digits {
            guard let v = HexDigits.value(d) else { return nil }
            hi = (hi << 4) | (lo >> 60)
            lo = (lo << 4) | UInt64(v)
        }
        self.init(high: hi, low: lo)
    }

    /// Reads 16 big-endian bytes, as OTLP protobuf and base64 JSON carry them.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { hi = hi << 8 | UInt64(b) } else { lo = lo << 8 | UInt64(b) }
        }
        self.init(high: hi, low: lo)
    }

    /// Parses the forms Tempo and the Collector write: hex (possibly trimmed) or base64.
    public init?(text: String) {
        if let v = TraceID(hex: text) { self = v; return }
        guard let bytes = Base64.decode(text), let v = TraceID(bytes: bytes) else { return nil }
        self = v
    }

    /// 32 lowercase hex digits, leading zeros kept.
    public var hex: String { HexDigits.format(high, digits: 16) + HexDigits.format(low, digits: 16) }

    /// The 16 big-endian bytes.
    public var bytes: [UInt8] { HexDigits.bigEndianBytes(high) + HexDigits.bigEndianBytes(low) }

    public var isZero: Bool { high == 0 && low == 0 }

    public static func < (a: TraceID, b: TraceID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// A 64-bit span id.
public struct SpanID: Hashable, Comparable, Sendable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var v: UInt64 = 0
        for d in digits {
            guard let x = HexDigits.value(d) else { return nil }
            v = v << 4 | UInt64(x)
        }
        value = v
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses hex or base64, as `TraceID(text:)` does.
    public init?(text: String) {
        if let v = SpanID(hex: text) { self = v; return }
        guard let bytes = Base64.decode(text), let v = SpanID(bytes: bytes) else { return nil }
        self = v
    }

    /// 16 lowercase hex digits.
    public var hex: String { HexDigits.format(value, digits: 16) }

    public var bytes: [UInt8] { HexDigits.bigEndianBytes(value) }

    public static func < (a: SpanID, b: SpanID) -> Bool { a.value < b.value }
}
