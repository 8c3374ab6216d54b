/// The map node of one Triton model: its id is `model/<name>`, in the map and in every
/// export (the JSON contract), so it never clashes with a service or pod name. The one
/// place that writes or reads that prefix.
public struct ModelNodeID: Hashable, Sendable {
    static let prefix = "model/"

    /// The model's name, as Triton's `triton.model_name` reports it.
    public let model: String

    public init(model: String) { self.model = model }

    /// The model a node id names; nil for any other node.
    public init?(nodeID: String) {
        guard nodeID.hasPrefix(Self.prefix) else { return nil }
        model = String(nodeID.dropFirst(Self.prefix.count))
    }

    /// The node's id in the map: `model/<name>`.
    public var nodeID: String { Self.prefix + model }
}
