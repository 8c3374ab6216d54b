import SonicMapCore

/// Sizes in bytes as people write them: `268435456`, `256MiB`, `1GiB`, `500MB`.
public enum ByteSize {
    private static let units: [(suffix: String, factor: Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("b", 1),
    ]

    /// Parses a positive size of at most 64 GiB; units are case-insensitive.
    public static func parse(_ text: String) throws(ConfigValueError) -> Int {
        let s = text.lowercased().filter { $0 != " " }
        let unit = units.first { s.hasSuffix($0.suffix) } ?? ("", 1)
        guard let n = Int(s.dropLast(unit.suffix.count)), n > 0 else {
            throw ConfigValueError("'\(SafeText.clean(text))' is not a size (try 256MiB, 1GiB or a number of bytes)")
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: unit.factor)
        guard !overflow, bytes <= 64 << 30 else { throw ConfigValueError("must be at most 64GiB") }
        return bytes
    }

    /// The shortest exact form: `256MiB`, `1GiB`, or plain bytes.
    public static func format(_ bytes: Int) -> String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)"
    }
}
