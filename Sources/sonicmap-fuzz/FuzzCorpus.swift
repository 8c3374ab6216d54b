import Foundation
import SonicMapCore
import SonicMapSources
import SonicMapUI

/// The mutator's starting inputs, all made by the repository's own code so that a clone
/// has them and every run starts from the same bytes: traces from `TraceGenerator`
/// (small and medium, several seeds) in the four encodings `TraceDecoder` reads, and
/// snapshots of the demo written by `SnapshotJSONWriter`, one with a trace inside.
enum FuzzCorpus {
    static func make() -> [FuzzSeed] {
        var seeds: [FuzzSeed] = []
        for (spans, seed) in [(1, 1), (4, 2), (12, 3), (40, 4)] as [(Int, UInt64)] {
            let trace = TraceGenerator.generate(spans: spans, seed: seed)
            let name = "TraceGenerator(spans: \(spans), seed: \(seed))"
            let v1 = TraceEncoder.tempoJSON(trace)
            seeds.append(FuzzSeed(kind: .tempoV1JSON, bytes: v1, origin: name + " as Tempo v1 JSON"))
            seeds.append(FuzzSeed(kind: .tempoV2JSON, bytes: tempoV2(v1), origin: name + " as Tempo v2 JSON"))
            seeds.append(FuzzSeed(kind: .otlpJSON, bytes: TraceEncoder.otlpJSON(trace), origin: name + " as OTLP JSON"))
            seeds.append(FuzzSeed(kind: .protobuf, bytes: TraceEncoder.protobuf(trace), origin: name + " as OTLP protobuf"))
        }
        seeds.append(FuzzSeed(kind: .snapshot, bytes: snapshot(at: 120, withTrace: false), origin: "demo snapshot at 120 s"))
        seeds.append(FuzzSeed(kind: .snapshot, bytes: snapshot(at: 300, withTrace: true), origin: "demo snapshot at 300 s with a trace"))
        return seeds
    }

    /// Tempo v2's `{"trace": <v1 body>, "metrics": {…}, "status": "COMPLETE"}` around a v1 body.
    static func tempoV2(_ v1: [UInt8]) -> [UInt8] {
        Array(#"{"trace":"#.utf8) + v1 + Array(#","metrics":{"inspectedBytes":"1234"},"status":"COMPLETE"}"#.utf8)
    }

    /// A demo snapshot, as `sonicmap export --demo --format json` writes it.
    static func snapshot(at seconds: Double, withTrace: Bool) -> [UInt8] {
        let source = DemoSource(options: DemoOptions(seed: 1)) { seconds }
        var state = AppState(settings: Settings(frozenClock: true), sourceSummary: source.summary)
        _ = state.update(.resize(width: 120, height: 40))
        if let data = try? source.refresh(RefreshRequest(windowSeconds: 300)) {
            _ = state.update(.refreshed(PollOutcome(result: .success(data), finishedAt: data.time, nextAttemptIn: 5)))
            if withTrace, let trace = data.traces.first { state.feed.openedTraces.append(trace) }
        }
        state.settings.sources = SnapshotSources(demo: source.snapshotSource)
        return Array(SnapshotJSONWriter.write(state.snapshot(createdAt: 1_767_225_600 + seconds)).utf8)
    }
}
