import Foundation

/// Prometheus answers are read with the same typed reads as any JSON.
typealias PrometheusJSON = JSONShape

/// The value forms only Prometheus uses.
extension JSONShape {
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
