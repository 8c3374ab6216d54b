import SonicMapCore

/// Seeded, reproducible mutations: the same (run seed, case number) always gives the same
/// bytes, so a crash found once can be made again from two numbers.
///
/// Each case picks a corpus entry and applies 1–8 mutations (mostly one or two): bit flips, bytes set to
/// values parsers care about, deletions, duplications, random insertions, truncation,
/// splices from another entry, JSON tokens (huge or odd numbers, deep nesting, bad
/// escapes, odd strings) and protobuf fields (huge lengths, unknown wire types, deep
/// nesting).
struct FuzzMutator {
    let corpus: [FuzzSeed]
    let runSeed: UInt64

    /// The input of case `number`.
    func input(_ number: UInt64) -> FuzzSeed {
        var rng = SeededRandom(seed: runSeed &* 0x9E37_79B9_7F4A_7C15 ^ number &* 0xD1B5_4A32_D192_ED03)
        var seed = corpus[rng.below(corpus.count)]
        // Mostly one or two mutations, so that many cases still parse and reach the code
        // behind the reader; sometimes many.
        let rounds = rng.chance(0.7) ? 1 + rng.below(2) : 1 + rng.below(8)
        for _ in 0..<rounds {
            seed.bytes = mutate(seed.bytes, kind: seed.kind, &rng)
        }
        return seed
    }

    private static let interestingBytes: [UInt8] = Array("\"{}[],:\\-0.9eE\n ".utf8) + [0x00, 0x01, 0x7F, 0x80, 0xC0, 0xFF, 0x08, 0x0A, 0x12, 0x1A, 0x22]
    private static let jsonTokens: [String] = [
        "1e400", "-1e400", "-0", "18446744073709551616", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity",
        "0x1F", "1.", ".5", "00", String(repeating: "9", count: 400), "null", "true", "\"\"", "{}", "[]",
        "\"\\ud800\"", "\"\\u0000\"", "\"\\u001b[2J\"", "\"\\u202e\"", "\"\\uZZZZ\"", "\"\\", "\"\u{1B}]0;x\u{07}\"",
        "\"AAAAAAAAAAAAAAAAAAAAAA==\"", "\"ffffffffffffffffffffffffffffffffff\"", "\"0000000000000000\"", "\"\"",
        "\"\(String(repeating: "x", count: 70_000))\"",
    ]

    private func mutate(_ input: [UInt8], kind: FuzzSeed.Kind, _ rng: inout SeededRandom) -> [UInt8] {
        var b = input
        let at = { (rng: inout SeededRandom) in rng.below(max(1, b.count)) }
        switch rng.below(kind == .protobuf ? 11 : 12) {
        case 0 where !b.isEmpty:
            b[at(&rng)] ^= UInt8(1) << UInt8(rng.below(8))
        case 1 where !b.isEmpty:
            b[at(&rng)] = Self.interestingBytes[rng.below(Self.interestingBytes.count)]
        case 2 where !b.isEmpty:
            let start = at(&rng)
            b.removeSubrange(start..<min(b.count, start + 1 + rng.below(64)))
        case 3 where !b.isEmpty:
            let start = at(&rng)
            let chunk = Array(b[start..<min(b.count, start + 1 + rng.below(256))])
            b.insert(contentsOf: chunk, at: at(&rng))
        case 4:
            b.insert(contentsOf: (0..<(1 + rng.below(16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: min(b.count, at(&rng)))
        case 5 where !b.isEmpty:
            b.removeSubrange(at(&rng)...)
        case 6:
            let other = corpus[rng.below(corpus.count)].bytes
            guard !other.isEmpty, !b.isEmpty else { break }
            let cut = at(&rng)
            b = Array(b[..<cut]) + other[rng.below(other.count)...]
        case 7:
            let depth = 1 + rng.below(rng.chance(0.1) ? 200_000 : 2_000)
            b = kind == .protobuf ? nestedProtobuf(depth: depth, inner: b) : nestedJSON(depth: depth, into: b, &rng)
        case 8:
            b = kind == .protobuf ? hugeLength(b, &rng) : replaceNumber(b, &rng)
        case 9:
            b = kind == .protobuf ? unknownField(b, &rng) : replaceString(b, &rng)
        case 10:
            if b.count > 2 { b.swapAt(at(&rng), at(&rng)) }
        default:
            let token = Array(Self.jsonTokens[rng.below(Self.jsonTokens.count)].utf8)
            b.insert(contentsOf: token, at: min(b.count, at(&rng)))
        }
        // Keep inputs small enough for thousands of cases a minute.
        return b.count > 4 << 20 ? Array(b.prefix(4 << 20)) : b
    }

    /// `[[[[…` (or `{"a":{"a":…`) opened `depth` times at a random place, sometimes closed.
    private func nestedJSON(depth: Int, into b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        let object = rng.chance(0.5)
        let open = Array((object ? #"{"resourceSpans":"# : "[").utf8)
        var out = [UInt8]()
        out.reserveCapacity(b.count + depth * (open.count + 1))
        let cut = rng.below(b.count + 1)
        out += b[..<cut]
        for _ in 0..<depth { out += open }
        if rng.chance(0.5) { out += Array(repeating: object ? UInt8(ascii: "}") : UInt8(ascii: "]"), count: depth) }
        out += b[cut...]
        return out
    }

    /// Field 1 (length-delimited) wrapped `depth` times around `inner`.
    private func nestedProtobuf(depth: Int, inner: [UInt8]) -> [UInt8] {
        var out = Array(inner.prefix(64))
        for _ in 0..<min(depth, 5_000) { out = [0x0A] + varint(UInt64(out.count)) + out }
        return out
    }

    /// A length-delimited field whose length runs past the end (or past 2⁶³).
    private func hugeLength(_ b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        let lengths: [UInt64] = [UInt64(b.count) + 1, 1 << 31, 1 << 32, UInt64(Int64.max), UInt64.max]
        let field = [UInt8(((1 + rng.below(4)) << 3) | 2)] + varint(lengths[rng.below(lengths.count)])
        var out = b
        out.insert(contentsOf: field, at: rng.below(b.count + 1))
        return out
    }

    /// A field with a random number and wire type (3, 4, 6 and 7 are invalid or groups).
    private func unknownField(_ b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        let tag = varint(UInt64(1 + rng.below(2_000)) << 3 | UInt64(rng.below(8)))
        var out = b
        out.insert(contentsOf: tag + varint(rng.next() >> UInt64(rng.below(64))), at: rng.below(b.count + 1))
        return out
    }

    /// The first digit run after a random point replaced by an odd number token.
    private func replaceNumber(_ b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        let isDigit = { (c: UInt8) in (0x30...0x39).contains(c) }
        guard let start = b[rng.below(b.count + 1)...].firstIndex(where: isDigit) ?? b.firstIndex(where: isDigit) else { return b }
        let end = b[start...].firstIndex { !isDigit($0) } ?? b.count
        let numbers = Self.jsonTokens.prefix(13)
        return Array(b[..<start]) + Array(numbers[numbers.startIndex + rng.below(numbers.count)].utf8) + b[end...]
    }

    /// A string literal after a random point replaced by an odd string token.
    private func replaceString(_ b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        let quote = UInt8(ascii: "\"")
        guard let open = b[rng.below(b.count + 1)...].firstIndex(of: quote) ?? b.firstIndex(of: quote),
            let close = b[(open + 1)...].firstIndex(of: quote)
        else { return b }
        let strings = Self.jsonTokens.suffix(13)
        return Array(b[..<open]) + Array(strings[strings.startIndex + rng.below(strings.count)].utf8) + b[(close + 1)...]
    }

    private func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            out.append(UInt8(v & 0x7F) | (v > 0x7F ? 0x80 : 0))
            v >>= 7
        } while v > 0
        return out
    }
}
