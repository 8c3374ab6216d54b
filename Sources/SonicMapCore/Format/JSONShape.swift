import Foundation

/// Typed reads from the `Any` tree `JSONSerialization` returns, each failing with a
/// reason that names what was expected where. Prometheus answers and snapshots use it.
enum JSONShape {
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
        // Long mantissas arrive as NSDecimalNumber, whose doubleValue is off in the last
        // digit; its text converts exactly, so a written double reads back the same.
        if let d = value as? NSDecimalNumber { return Double(d.stringValue) ?? d.doubleValue }
        guard let n = value as? NSNumber else { throw ShapeError("\(what) is not a number") }
        return n.doubleValue
    }

    /// A number, or nil when the value is missing or `null` (how non-finite numbers are written).
    static func optionalNumber(_ value: Any?, _ what: String) throws(ShapeError) -> Double? {
        if value == nil || value is NSNull { return nil }
        return try number(value, what)
    }

    static func bool(_ value: Any?, _ what: String) throws(ShapeError) -> Bool {
        guard let b = value as? Bool else { throw ShapeError("\(what) is not true or false") }
        return b
    }
}
