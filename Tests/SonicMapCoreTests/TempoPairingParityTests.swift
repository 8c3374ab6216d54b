import Foundation
import Testing
@testable import SonicMapCore
import SonicMapTestSupport

/// Pairing parity with a real Tempo v2.10.8 metrics-generator, on our own service-graph
/// traces (`Tests/Fixtures/tempo/input/servicegraph-*.otlp.json`): the edges sonicmap
/// pairs are those Tempo counted for the same trace (`tempo/recorded/servicegraph_edges.json`,
/// its `traces_service_graph_request_*` series, recorded by `Tests/Fixtures/record_tempo.py`).
@Suite struct TempoPairingParityTests {
    /// One edge as Tempo counted it: the increase of each series for one pushed trace.
    struct CountedEdge: Decodable, Equatable, CustomStringConvertible {
        var client: String
        var server: String
        var connection_type: String
        var requests: Double
        var failed: Double
        var server_seconds: Double
        var client_seconds: Double

        var description: String {
            "\(client)→\(server) [\(connection_type)] ×\(requests) failed \(failed) server \(server_seconds) s client \(client_seconds) s"
        }

        /// Same edge and counts; seconds equal to the microsecond the traces carry.
        func matches(_ other: CountedEdge) -> Bool {
            (client, server, connection_type, requests, failed) == (other.client, other.server, other.connection_type, other.requests, other.failed)
                && abs(server_seconds - other.server_seconds) < 1e-6 && abs(client_seconds - other.client_seconds) < 1e-6
        }
    }

    static func order(_ a: CountedEdge, _ b: CountedEdge) -> Bool {
        (a.client, a.server, a.connection_type) < (b.client, b.server, b.connection_type)
    }

    static let cases = ["servicegraph-queue-database", "servicegraph-failed-requests", "servicegraph-virtual-nodes"]

    static func countedByTempo(_ name: String) throws -> [CountedEdge] {
        let all = try JSONDecoder().decode([String: [CountedEdge]].self, from: TempoFixture.recorded("servicegraph_edges.json"))
        return try #require(all[name], "no recorded edges for \(name)").sorted(by: order)
    }

    /// sonicmap's pairing of the trace, summed per edge and connection type the way the series are.
    static func countedBySonicmap(_ name: String) throws -> [CountedEdge] {
        let edges = ServiceGraphPairing.pair([try TempoFixture.input("\(name).otlp.json")]).edges
        var sums: [String: CountedEdge] = [:]
        for e in edges {
            let id = "\(e.key.client)\u{0}\(e.key.server)\u{0}\(e.connectionType.rawValue)"
            var c = sums[id] ?? CountedEdge(client: e.key.client, server: e.key.server, connection_type: e.connectionType.rawValue,
                                            requests: 0, failed: 0, server_seconds: 0, client_seconds: 0)
            c.requests += 1
            c.failed += e.failed ? 1 : 0
            c.server_seconds += e.serverSeconds
            c.client_seconds += e.clientSeconds
            sums[id] = c
        }
        return sums.values.sorted(by: Self.order)
    }

    @Test(arguments: cases)
    func sameEdgesAsTempo(name: String) throws {
        let tempo = try Self.countedByTempo(name), ours = try Self.countedBySonicmap(name)
        #expect(ours.count == tempo.count && zip(ours, tempo).allSatisfy { $0.matches($1) },
                "sonicmap:\n\(ours.map(\.description).joined(separator: "\n"))\nTempo:\n\(tempo.map(\.description).joined(separator: "\n"))")
    }

    func pair(_ name: String) throws -> [EdgeKey: [PairedEdge]] {
        Dictionary(grouping: ServiceGraphPairing.pair([try TempoFixture.input("\(name).otlp.json")]).edges, by: \.key)
    }

    /// What the recorded counts say, spelled out: a plain call, a `db.*` client span as a
    /// database edge named by `db.name`, PRODUCER → CONSUMER as a messaging edge, and client
    /// spans without a server or a peer attribute forming nothing.
    @Test func queueAndDatabase() throws {
        let edges = try pair("servicegraph-queue-database")
        let call = try #require(edges[EdgeKey(client: "job-submitter", server: "inference-api")])
        #expect(call.count == 1)
        #expect(call[0].connectionType == .plain && !call[0].failed)
        #expect(abs(call[0].clientSeconds - 0.045) < 1e-9)
        #expect(abs(call[0].serverSeconds - 0.029) < 1e-9)

        let db = try #require(edges[EdgeKey(client: "inference-api", server: "jobs")])
        #expect(db.count == 1 && db[0].connectionType == .database && !db[0].failed)
        #expect(abs(db[0].clientSeconds - 0.023) < 1e-9 && abs(db[0].serverSeconds - 0.023) < 1e-9)

        let queue = try #require(edges[EdgeKey(client: "job-submitter", server: "result-recorder")])
        #expect(queue.count == 1 && queue[0].connectionType == .messagingSystem)
        #expect(abs(queue[0].clientSeconds - 0.000068) < 1e-9)
        #expect(abs(queue[0].serverSeconds - 0.000693) < 1e-9)
        #expect(edges.count == 3, "unexpected edges: \(edges.keys.sorted())")
    }

    @Test func failedRequests() throws {
        let edges = try pair("servicegraph-failed-requests")
        let call = try #require(edges[EdgeKey(client: "job-submitter", server: "inference-api")])
        #expect(call.count == 1 && call[0].failed)
        let db = try #require(edges[EdgeKey(client: "inference-api", server: "jobs")])
        #expect(db.count == 1 && db[0].failed && db[0].connectionType == .database)
        #expect(edges.count == 2, "unexpected edges: \(edges.keys.sorted())")
    }

    /// A root SERVER span becomes `user → server`; a client span with a peer attribute and
    /// no server becomes an edge to that peer; a root CONSUMER naming its peer becomes
    /// `peer → consumer`. All are virtual-node edges.
    @Test func virtualNodes() throws {
        let edges = try pair("servicegraph-virtual-nodes")
        let user = try #require(edges[EdgeKey(client: "user", server: "inference-api")])
        #expect(user.count == 1 && user[0].connectionType == .virtualNode && !user[0].failed)
        let peer = try #require(edges[EdgeKey(client: "inference-api", server: "model-repository")])
        #expect(peer.count == 1 && peer[0].connectionType == .virtualNode && !peer[0].failed)
        let queue = try #require(edges[EdgeKey(client: "job-queue", server: "internal-consumer")])
        #expect(queue.count == 1 && queue[0].connectionType == .virtualNode)
        #expect(edges.count == 3, "unexpected edges: \(edges.keys.sorted())")
    }

    /// The synthesized Triton trace behind Envoy: one request with every Triton phase,
    /// summing to the root span.
    @Test func tritonReferencePhases() throws {
        let trace = try TraceDecoder.decode(Fixtures.data("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"))
        let a = TraceAnalysis.analyze(trace)
        let r = try #require(a.requests.first)
        for p in [Phase.request, .queue, .input, .infer, .output, .other] { #expect(r.phases[p] != nil, "\(p) missing") }
        #expect(r.phases.total == r.rootDurationNanos)
        // Phases follow Triton's event timestamps exactly.
        let model = try #require(trace.spans.first { $0.attributes["triton.model_name"] != nil })
        let compute = try #require(trace.spans.first { $0.name == "compute" })
        #expect(r.phases[.queue] == compute.eventTime("COMPUTE_START")! - model.eventTime("QUEUE_START")!)
        #expect(r.phases[.infer] == compute.eventTime("COMPUTE_OUTPUT_START")! - compute.eventTime("COMPUTE_INPUT_END")!)
    }
}
