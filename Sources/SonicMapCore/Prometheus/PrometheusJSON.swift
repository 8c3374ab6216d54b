import Foundation

/// Typed reads from the `Any` tree `JSONSerialization` returns, each failing with a
/// reason that names what was expected where.
enum PrometheusJSON {
    /// The JSON was valid but not the shape expected.
    struct ShapeError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func object(_ value: Any?, _ what: String) throws(ShapeError) -> [String: Any] {
        guard let o = value as? [String: Any] else { throw ShapeError("\(what) is not an object") }
        return o
    }

    static func array(_ value: Any?, _ what: String) throws(ShapeError) -> [Any] {
        guard let a = value as? [Any] else { throw ShapeError("\(what) is not an array") }
        return a
    }

    static func string(_ value: Any?, _ what: String) throws(ShapeError) -> String {
        guard let s = value as? String else { throw ShapeError("\(what) is not a string") }
        return s
    }

    /// A JSON number.
    static func number(_ value: Any?, _ what: String) throws(ShapeError) -> Double {
        guard let n = value as? NSNumber else { throw ShapeError("\(what) is not a number") }
        return n.doubleValue
    }

    /// A value string as Prometheus writes them (`"0.5"`, `"NaN"`, `"+Inf"`).
    static func value(_ value: Any?, _ what: String) throws(ShapeError) -> Double {
        let text = try string(value, what)
        guard let v = PrometheusNumber.parse(text) else {
            throw ShapeError("\(what) \"\(SafeText.clean(String(text.prefix(40))))\" is not a number")
        }
        return v
    }

    /// A label set: an object of strings. A missing `metric` (a scalar-valued expression
    /// returned as a vector) is the empty set.
    static func labels(_ value: Any?, _ what: String) throws(ShapeError) -> [String: String] {
        guard let value else { return [:] }
        guard let o = value as? [String: Any] else { throw ShapeError("\(what) is not an object") }
        var labels: [String: String] = [:]
        labels.reserveCapacity(o.count)
        for (k, v) in o {
            guard let s = v as? String else { throw ShapeError("label \"\(SafeText.clean(k))\" is not a string") }
            labels[k] = s
        }
        return labels
    }

    /// `[<unix seconds>, "<value>"]`.
    static func point(_ value: Any?) throws(ShapeError) -> PrometheusPoint {
        let pair = try array(value, "sample")
        guard pair.count == 2 else { throw ShapeError("sample is not [time, \"value\"]") }
        return PrometheusPoint(time: try number(pair[0], "sample time"), value: try self.value(pair[1], "sample value"))
    }
}
