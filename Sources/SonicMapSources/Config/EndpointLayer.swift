/// One endpoint (Tempo or Prometheus) as one layer says it: its URL and any settings
/// for that endpoint only (in the config file, `tempo: {url: …, tenant: …}`).
public struct EndpointLayer: Equatable, Sendable {
    public var url: Sourced<String>?
    public var connection: ConnectionLayer

    public init(url: Sourced<String>? = nil, connection: ConnectionLayer = ConnectionLayer()) {
        self.url = url
        self.connection = connection
    }

    /// This layer's URL and fields where it has them, `lower`'s elsewhere.
    public func overlaid(on lower: EndpointLayer) -> EndpointLayer {
        EndpointLayer(url: url ?? lower.url, connection: connection.overlaid(on: lower.connection))
    }
}
