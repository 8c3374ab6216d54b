/// Prometheus writes sample values (and `le` bounds) as strings: Go's `strconv.FormatFloat`
/// output plus `"NaN"`, `"+Inf"` and `"-Inf"`.
enum PrometheusNumber {
    /// Parses a value string; nil for anything that is not a number in Prometheus' spelling.
    static func parse(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            // Swift also accepts hex floats and "nan"/"inf" words, which Prometheus never writes.
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
                !text.contains("x"), !text.contains("X"), let v = Double(text), v.isFinite
            else { return nil }
            return v
        }
    }
}
