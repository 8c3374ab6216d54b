/// A configuration value together with where it came from.
public struct Sourced<Value: Sendable>: Sendable {
    public var value: Value
    public var origin: ConfigOrigin

    public init(_ value: Value, _ origin: ConfigOrigin) {
        self.value = value
        self.origin = origin
    }
}

extension Sourced: Equatable where Value: Equatable {}
