/// A forward-only reader of the protobuf wire format over raw bytes, for the trace reader.
///
/// Nested messages are read in place: `enter()` narrows the readable range to a
/// length-delimited field and `leave(_:)` restores it, so nothing is copied. Every
/// error carries the byte offset where it was noticed; running past the end of the
/// input is reported as truncation.
struct ProtobufWire {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

        var name: String {
            switch self {
            case .varint: "varint"
            case .fixed64: "fixed64"
            case .lengthDelimited: "length-delimited"
            case .startGroup: "start-group"
            case .endGroup: "end-group"
            case .fixed32: "fixed32"
            }
        }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0
    /// End of the message being read.
    private(set) var end: Int
    /// The wire type of the field whose tag was read last.
    private(set) var wireType = WireType.varint

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        end = bytes.count
    }

    func truncated(inside context: String) -> TraceDecodeError {
        .truncated(format: "protobuf", offset: bytes.count, context: context)
    }

    func invalid(_ message: String, at position: Int? = nil) -> TraceDecodeError {
        .invalidProtobuf(offset: position ?? offset, message: message)
    }

    /// The next field number in the current message, or nil at its end.
    @inline(__always)
    mutating func nextField(in message: String) throws(TraceDecodeError) -> Int? {
        guard offset < end else { return nil }
        let at = offset
        let key = try varint(in: message)
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw invalid("invalid wire type \(key & 7) in \(message)", at: at)
        }
        let field = key >> 3
        guard field > 0, field < 1 << 29 else { throw invalid("invalid field number \(field) in \(message)", at: at) }
        wireType = type
        return Int(field)
    }

    /// Checks that the field just read has wire type `expected`.
    @inline(__always)
    func expect(_ expected: WireType, _ field: String) throws(TraceDecodeError) {
        guard wireType == expected else {
            throw invalid("\(field) has wire type \(wireType.name), expected \(expected.name)")
        }
    }

    @inline(__always)
    mutating func varint(in context: String) throws(TraceDecodeError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < end else {
                throw end == bytes.count ? truncated(inside: context) : invalid("varint runs past the end of \(context)", at: start)
            }
            let b = bytes[offset]
            offset += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
            guard shift < 64 else { throw invalid("varint longer than 10 bytes in \(context)", at: start) }
        }
    }

    @inline(__always)
    mutating func fixed64(in context: String) throws(TraceDecodeError) -> UInt64 {
        guard end - offset >= 8 else {
            throw end == bytes.count ? truncated(inside: context) : invalid("fixed64 runs past the end of \(context)")
        }
        let v = UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: v)
    }

    /// Reads a length prefix and checks the field fits in the current message.
    @inline(__always)
    private mutating func length(in context: String) throws(TraceDecodeError) -> Int {
        let at = offset
        let length = try varint(in: context)
        guard length <= UInt64(end - offset) else {
            if end == bytes.count { throw truncated(inside: context) }
            throw invalid("length \(length) in \(context) runs past the end of its enclosing message", at: at)
        }
        return Int(length)
    }

    /// Reads a length-delimited field and returns its bytes, leaving the reader after them.
    @inline(__always)
    mutating func lengthDelimited(in context: String) throws(TraceDecodeError) -> UnsafeBufferPointer<UInt8> {
        let n = try length(in: context)
        let start = offset
        offset += n
        return UnsafeBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Narrows reading to the length-delimited field at the current offset; returns the
    /// outer end, to hand back to `leave`.
    @inline(__always)
    mutating func enter(_ context: String) throws(TraceDecodeError) -> Int {
        let n = try length(in: context)
        let outer = end
        end = offset + n
        return outer
    }

    /// Returns to the enclosing message after `enter`, past the nested one.
    @inline(__always)
    mutating func leave(_ outer: Int) {
        offset = end
        end = outer
    }

    /// Skips the value of the field just read.
    mutating func skip(in context: String) throws(TraceDecodeError) {
        switch wireType {
        case .varint: _ = try varint(in: context)
        case .fixed64: _ = try fixed64(in: context)
        case .lengthDelimited: _ = try lengthDelimited(in: context)
        case .fixed32:
            guard end - offset >= 4 else {
                throw end == bytes.count ? truncated(inside: context) : invalid("fixed32 runs past the end of \(context)")
            }
            offset += 4
        case .startGroup, .endGroup:
            throw invalid("groups are not used by OTLP (in \(context))")
        }
    }
}
