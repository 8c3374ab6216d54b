import Foundation
import Testing
@testable import SonicMapCore

/// Pairing parity with Tempo's own service-graph processor tests, on the same input
/// traces (`reference/tempo/servicegraph_input_trace-*.json`). The expected edges and
/// numbers are those Tempo's `servicegraphs_test.go` asserts.
@Suite struct TempoPairingParityTests {
    func pair(_ file: String) throws -> [EdgeKey: [PairedEdge]] {
        let trace = try TraceDecoder.decode(ReferencePayloads.data("tempo/" + file))
        return Dictionary(grouping: ServiceGraphPairing.pair([trace]).edges, by: \.key)
    }

    @Test func queueAndDatabase() throws {
        let edges = try pair("servicegraph_input_trace-with-queue-database.json")
        let requester = try #require(edges[EdgeKey(client: "mythical-requester", server: "mythical-server")])
        #expect(requester.count == 1)
        #expect(requester[0].connectionType == .plain && !requester[0].failed)
        #expect(abs(requester[0].clientSeconds - 0.045) < 0.001)
        #expect(abs(requester[0].serverSeconds - 0.029) < 0.001)

        let db = try #require(edges[EdgeKey(client: "mythical-server", server: "postgres")])
        #expect(db.count == 1 && db[0].connectionType == .database && !db[0].failed)
        #expect(abs(db[0].clientSeconds - 0.023) < 0.001 && abs(db[0].serverSeconds - 0.023) < 0.001)

        let queue = try #require(edges[EdgeKey(client: "mythical-requester", server: "mythical-recorder")])
        #expect(queue.count == 1 && queue[0].connectionType == .messagingSystem)
        #expect(abs(queue[0].clientSeconds - 0.000068) < 0.00001)
        #expect(abs(queue[0].serverSeconds - 0.000693) < 0.00001)
        #expect(edges.count == 3, "unexpected edges: \(edges.keys.sorted())")
    }

    @Test func failedRequests() throws {
        let edges = try pair("servicegraph_input_trace-with-failed-requests.json")
        let requester = try #require(edges[EdgeKey(client: "mythical-requester", server: "mythical-server")])
        #expect(requester.count == 1 && requester[0].failed)
        let db = try #require(edges[EdgeKey(client: "mythical-server", server: "postgres")])
        #expect(db.count == 1 && db[0].failed && db[0].connectionType == .database)
    }

    /// A root SERVER span becomes `user → server`; a client span with a peer attribute and
    /// no server becomes an edge to that peer; both are virtual-node edges.
    @Test func virtualNodes() throws {
        let edges = try pair("servicegraph_input_trace-with-virtual-nodes.json")
        let user = try #require(edges[EdgeKey(client: "user", server: "mythical-server")])
        #expect(user.count == 1 && user[0].connectionType == .virtualNode && !user[0].failed)
        let peer = try #require(edges[EdgeKey(client: "mythical-requester", server: "external-payments-platform")])
        #expect(peer.count == 1 && peer[0].connectionType == .virtualNode && !peer[0].failed)
    }

    /// The synthesized Triton trace behind Envoy: one request with every Triton phase,
    /// summing to the root span.
    @Test func tritonReferencePhases() throws {
        let trace = try TraceDecoder.decode(ReferencePayloads.data("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"))
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
