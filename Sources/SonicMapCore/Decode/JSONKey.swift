/// An object key as the cursor read it: its bytes in the input, between the quotes.
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The bytes hold escapes (already checked to be valid); comparing then unescapes them.
    let escaped: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) {
        self.bytes = bytes
        self.escaped = escaped
    }

    /// True if the key is exactly `name`.
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard escaped else { return Self.equal(bytes, expected) }
        guard let plain = try? JSONCursor.unescape(bytes, at: 0) else { return false }
        return plain.withUnsafeBufferPointer { Self.equal($0, expected) }
    }

    @inline(__always)
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
