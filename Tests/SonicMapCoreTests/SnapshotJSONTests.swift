import Foundation
import Testing
@testable import SonicMapCore

/// A small snapshot built by hand: two nodes, one edge with buckets, phases and history.
enum SnapshotFixture {
    static let hostile = "evil\u{1B}[2J\u{1B}]0;owned\u{07}\"quoted\" <b>&amp;</b> |pipe| #hash `tick` \\back\u{0}nul\r\nnext 漢字 🚀 e\u{301}"

    static func make(serverName: String = "supersonic-triton-74c49fcf8-rxzpm", trace: Trace? = nil) -> Snapshot {
        let buckets = Histogram(bounds: [0.1, 0.2, 0.4], cumulative: [1.5, 3, 3.9, 4])
        let latency = SnapshotLatency(
            p50: 200.0 / 3, p95: 400, p99: 400, avg: 123.456, bounds: ["p95": .above, "p99": .above], buckets: buckets, source: .classic,
            ranges: ["p50": BucketRange(lower: 0, upper: 100), "p95": BucketRange(lower: 400, upper: .infinity), "p99": BucketRange(lower: 400, upper: .infinity)])
        let clientSide = SnapshotLatency(p50: 2.5, p95: 9.75, p99: 12, avg: 3, source: .native, side: .client)
        let phases = SnapshotPhases(
            phases: [.queue: PhaseStats.Quantiles(p50: 12.5, p95: 40, count: 9), .infer: PhaseStats.Quantiles(p50: 3, p95: 7.25, count: 9)],
            requests: 9, networkIncludesProxy: true)
        let envoy = SnapshotNode(
            id: "supersonic-envoy-5d8f9c7b6-k2x7p", label: "envoy-k2x7p", role: .envoy, group: "supersonic-envoy",
            members: ["supersonic-envoy-5d8f9c7b6-k2x7p"], incoming: SnapshotTraffic(rate: 0, errorRatio: nil, latency: .unknown),
            outgoing: SnapshotTraffic(rate: 4, errorRatio: 0.25, latency: clientSide),
            envoy: EnvoyPodMetrics(
                downstreamRequestsPerSecond: 400, downstreamRequestMs: 51.5,
                downstreamTime: Histogram(bounds: [0.0005, 0.001, 0.005], cumulative: [1, 2, 3, 4]), responseClasses: ["2": 390, "4": 6, "5": 4],
                upstreamRequestsPerSecond: 392),
            ownRate: SourcedRate(rate: 400, failedRate: 10, source: .envoyMetrics), traceLatency: TraceLatency(n: 9, p50: 4, p95: 12, p99: 12.5, side: .client))
        let triton = SnapshotNode(
            id: serverName, label: serverName, role: .triton, group: "supersonic-triton", members: [serverName],
            incoming: SnapshotTraffic(rate: 4, errorRatio: 0.25, latency: latency), outgoing: SnapshotTraffic(rate: 0, errorRatio: nil, latency: .unknown),
            spanMetricsRate: 81.25,
            triton: TritonPodMetrics(
                inferencesPerSecond: 80, executionsPerSecond: 40, queueMs: 20, inputMs: 1, inferMs: 30, outputMs: 2, gpuUtilization: 0.62,
                models: ["particlenet_AK4": TritonModelMetrics(inferencesPerSecond: 80, queueMs: 20, computeMs: 33, requestsPerSecond: 40, failuresPerSecond: 2)],
                requestsPerSecond: 40, failuresPerSecond: 2),
            phases: phases, ownRate: SourcedRate(rate: 40, failedRate: 2, source: .tritonMetrics),
            traceLatency: TraceLatency(n: 9, p50: 50, p95: 410, p99: 420, side: .server))
        let edge = SnapshotEdge(
            client: envoy.id, server: triton.id, connectionType: .plain, rate: 4, rateEstimated: 400, rateSource: .serviceGraph, errorRatio: 0.25,
            serverLatency: latency, clientLatency: SnapshotLatency(p50: 70, p95: 410, p99: nil, avg: 130, bounds: ["p95": .above], side: .client),
            phases: phases, orphans: 3, traceLatency: TraceLatency(n: 9, p50: 50, p95: 410, p99: 420, side: .server))

        let series = SnapshotHistory.Series(time: [100, 105, 110], rate: [3, 4, 5], errorRatio: [nil, 0.25, 0.2], p95Ms: [nil, 400, 380])
        let meta = SnapshotMeta(
            sonicmapVersion: SonicMapVersion.current, createdAt: "2026-11-29T08:15:00Z", dataTime: 1_767_225_720, window: "5m", refresh: "5s",
            sources: SnapshotSources(tempo: "https://user:secret@tempo.example:3200/prefix?token=abc#frag", prometheus: "http://localhost:9090/prometheus"),
            sampling: SnapshotSampling(mode: .declared, rate: 0.01), grouping: .pod)
        return Snapshot(
            meta: meta, nodes: [envoy, triton], edges: [edge],
            history: SnapshotHistory(stepSeconds: 5, capacity: 60, nodes: [triton.id: series], edges: [edge.key: series]),
            layout: SnapshotLayout(width: 60, height: 12, nodes: [envoy.id: Rect(x: 1, y: 2, width: 20, height: 4), triton.id: Rect(x: 30, y: 2, width: 20, height: 4)]),
            traces: trace.map { [$0] } ?? [])
    }
}

@Suite struct SnapshotJSONTests {
    @Test func writtenAndReadBackIsEqual() throws {
        let trace = try TraceDecoder.decode(TempoFixture.recorded("trace_v2_one-span.json"))
        let s = SnapshotFixture.make(trace: trace)
        let text = SnapshotJSONWriter.write(s)
        let back = try SnapshotJSONReader.read(Array(text.utf8))
        #expect(back == s)
        #expect(SnapshotJSONWriter.write(back) == text)
    }

    /// Orphan edges keep their evidence, and the sampling its completeness, through a file.
    /// Span durations measured in seconds (as the model holds them) go into the snapshot as
    /// milliseconds that survive being read back and written again digit for digit.
    @Test(arguments: [0.105747487, 0.5771421220000001, 0.00975199, 0.023760129, 1e-9, 0])
    func traceLatencyMillisecondsSurviveARoundTrip(seconds: Double) {
        let written = TraceLatency(n: 3, p50: seconds, p95: seconds * 3, p99: seconds * 7, side: .server).inMilliseconds
        #expect(written.inSeconds.inMilliseconds == written)
        #expect(abs(written.p50 - seconds * 1000) <= 5e-7)
    }

    @Test func orphanEvidenceAndCompletenessRoundTrip() throws {
        var s = SnapshotFixture.make()
        for (server, evidence) in [("a", OrphanEvidence.counters(noise: 0.125)), ("b", .traces(3))] {
            s.edges.append(SnapshotEdge(
                client: "unsampled", server: server, connectionType: .virtualNode, rate: 0.5, rateEstimated: nil, rateSource: .orphans,
                errorRatio: 0, serverLatency: SnapshotLatency(p50: 1, p95: 2, p99: 3, source: .traces), clientLatency: .unknown,
                orphanEvidence: evidence))
        }
        s.meta.sampling = SnapshotSampling(mode: .declared, rate: 1, complete: true)
        let text = SnapshotJSONWriter.write(s)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let edges = try #require(doc["edges"] as? [[String: Any]])
        #expect((edges[1]["orphanEvidence"] as? [String: Any])?["kind"] as? String == "span-metrics")
        #expect((edges[2]["orphanEvidence"] as? [String: Any])?["traces"] as? Int == 3)
        #expect(((doc["meta"] as? [String: Any])?["sampling"] as? [String: Any])?["complete"] as? Bool == true)
        #expect(try SnapshotJSONReader.read(Array(text.utf8)) == s)
    }

    @Test func hostileNamesRoundTripAndAreEscaped() throws {
        let s = SnapshotFixture.make(serverName: SnapshotFixture.hostile)
        let text = SnapshotJSONWriter.write(s)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("\\u001b[2J"))
        #expect(try SnapshotJSONReader.read(Array(text.utf8)) == s)
    }

    @Test func followsTheContract() throws {
        let text = SnapshotJSONWriter.write(SnapshotFixture.make())
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(doc["schemaVersion"] as? Int == 1)
        let meta = try #require(doc["meta"] as? [String: Any])
        #expect(meta["createdAt"] as? String == "2026-11-29T08:15:00Z")
        #expect((meta["sampling"] as? [String: Any])?["mode"] as? String == "declared")
        let sources = try #require(meta["sources"] as? [String: Any])
        #expect(sources["tempo"] as? String == "https://tempo.example:3200/prefix")
        #expect(!text.contains("secret") && !text.contains("token"))
        let node = try #require((doc["nodes"] as? [[String: Any]])?.last)
        for key in ["id", "label", "role", "group", "incoming", "outgoing"] { #expect(node[key] != nil, "node.\(key)") }
        let incoming = try #require(node["incoming"] as? [String: Any])
        for key in ["rate", "errorRatio", "p50Ms", "p95Ms", "p99Ms"] { #expect(incoming[key] != nil, "incoming.\(key)") }
        let edge = try #require((doc["edges"] as? [[String: Any]])?.first)
        for key in ["client", "server", "connectionType", "rate", "rateEstimated", "rateSource", "errorRatio", "serverLatencyMs", "clientLatencyMs", "phasesMs", "orphans"] {
            #expect(edge[key] != nil, "edge.\(key)")
        }
        let server = try #require(edge["serverLatencyMs"] as? [String: Any])
        #expect(server["p95"] as? Double == 400)
        // Issue 11's additions: where each latency comes from, the bucket of each classic
        // quantile, the exact quantiles of the fetched requests.
        #expect(server["source"] as? String == "classic")
        #expect(server["side"] as? String == "server")
        #expect(server["p95Range"] as? [Any?] != nil)
        #expect((server["p50Range"] as? [Double]) == [0, 100])
        #expect((edge["traceLatencyMs"] as? [String: Any])?["n"] as? Int == 9)
        #expect((edge["traceLatencyMs"] as? [String: Any])?["p95"] as? Double == 410)
        let envoyNode = try #require((doc["nodes"] as? [[String: Any]])?.first)
        let outgoing = try #require(envoyNode["outgoing"] as? [String: Any])
        #expect(outgoing["source"] as? String == "native")
        #expect(outgoing["side"] as? String == "client")
        #expect(outgoing["p95Range"] == nil, "native quantiles carry no range")
        #expect((envoyNode["ownRate"] as? [String: Any])?["source"] as? String == "envoy-metrics")
        #expect((meta["dataTime"] as? Double) == 1_767_225_720)
        #expect((server["bounds"] as? [String: String])?["p95"] == ">")
        #expect(((edge["phasesMs"] as? [String: Any])?["queue"] as? [String: Any])?["p95"] as? Double == 40)
        let history = try #require(doc["history"] as? [String: Any])
        #expect(history["stepSeconds"] as? Double == 5)
        let edgeSeries = try #require((history["edges"] as? [String: Any])?["supersonic-envoy-5d8f9c7b6-k2x7p→supersonic-triton-74c49fcf8-rxzpm"] as? [String: Any])
        #expect((edgeSeries["errorRatio"] as? [Any])?.first is NSNull)
        let layout = try #require(doc["layout"] as? [String: Any])
        #expect(((layout["nodes"] as? [String: Any])?["supersonic-envoy-5d8f9c7b6-k2x7p"] as? [String: Int])?["w"] == 20)
        #expect((doc["traces"] as? [Any])?.isEmpty == true)
    }

    @Test func nonFiniteNumbersAreNull() throws {
        var s = SnapshotFixture.make()
        s.edges[0].rate = .nan
        s.edges[0].serverLatency.avg = .infinity
        let text = SnapshotJSONWriter.write(s)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let edge = try #require((doc["edges"] as? [[String: Any]])?.first)
        #expect(edge["rate"] is NSNull)
        #expect((edge["serverLatencyMs"] as? [String: Any])?["avg"] is NSNull)
    }

    @Test func newerSchemaIsRefusedWithAdvice() {
        let text = SnapshotJSONWriter.write(SnapshotFixture.make()).replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 7")
        #expect(throws: SnapshotError.newerSchema(found: 7)) { try SnapshotJSONReader.read(Array(text.utf8)) }
        #expect(SnapshotError.newerSchema(found: 7).description.contains("upgrade sonicmap"))
    }

    @Test func corruptFilesGiveReasonsNotCrashes() {
        let good = SnapshotJSONWriter.write(SnapshotFixture.make())
        let cases: [(String, (SnapshotError) -> Bool)] = [
            (String(good.prefix(good.count / 2)), { if case .notJSON = $0 { true } else { false } }),
            ("", { if case .notJSON = $0 { true } else { false } }),
            ("[1, 2]", { $0 == .notSnapshot }),
            ("{\"resourceSpans\": []}", { $0 == .notSnapshot }),
            (good.replacingOccurrences(of: "\"rateSource\": \"service-graph\"", with: "\"rateSource\": 5"),
             { if case .invalid(let why) = $0 { why.contains("edges[0].rateSource") } else { false } }),
            (good.replacingOccurrences(of: "\"role\": \"triton\"", with: "\"role\": \"toaster\""),
             { if case .invalid(let why) = $0 { why.contains("toaster") } else { false } }),
            (good.replacingOccurrences(of: "\"traces\": []", with: "\"traces\": [{\"resourceSpans\": 3}]"),
             { if case .badTrace(index: 0, _) = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": \"one\""),
             { if case .invalid = $0 { true } else { false } }),
        ]
        for (i, (text, matches)) in cases.enumerated() {
            do {
                _ = try SnapshotJSONReader.read(Array(text.utf8))
                Issue.record("case \(i) was accepted")
            } catch {
                #expect(matches(error), "case \(i): \(error)")
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test func credentialsNeverSurvive() {
        #expect(CredentialFreeURL.clean("https://u:p@h.example:3200/a/b?token=x#f") == "https://h.example:3200/a/b")
        #expect(CredentialFreeURL.clean("http://localhost:9090") == "http://localhost:9090")
        #expect(CredentialFreeURL.clean("localhost:9090/x@y") == "localhost:9090/x@y")
        #expect(CredentialFreeURL.clean("http://a@b@host/p") == "http://host/p")
    }

    @Test func utcTimes() {
        #expect(UTCTime.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.rfc3339(1_767_225_600) == "2026-01-01T00:00:00Z")
        #expect(UTCTime.rfc3339(1_709_208_000.9) == "2024-02-29T12:00:00Z")
        #expect(UTCTime.compact(1_795_940_100) == "20261129-081500")
        #expect(UTCTime.rfc3339(-1) == "1969-12-31T23:59:59Z")
        #expect(ExportFormat.json.defaultPath(unixSeconds: 1_795_940_100) == "./sonicmap-20261129-081500.json")
        #expect(ExportFormat(path: "x/map.otlp.json") == .otlp)
        #expect(ExportFormat(path: "map.JSON") == .json)
        #expect(ExportFormat(path: "map.png") == nil)
    }
}
