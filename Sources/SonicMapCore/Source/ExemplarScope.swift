/// The service-graph edges whose exemplars a trace search lists: every edge from one of
/// `clients` to one of `servers`, by service name as reported; an empty side matches any.
public struct ExemplarScope: Equatable, Sendable {
    public var clients: [String]
    public var servers: [String]

    public init(clients: [String], servers: [String]) {
        self.clients = clients
        self.servers = servers
    }
}
