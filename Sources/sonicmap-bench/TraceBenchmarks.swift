import Foundation
import SonicMapCore
import SonicMapUI

/// Decoding a 100k-span trace and opening it in the timeline, on a generated trace.
enum TraceBenchmarks {
    /// The generated 100k-span trace every trace benchmark decodes.
    static let trace = TraceGenerator.generate(spans: 100_000, seed: 1)

    static func run() -> [Measurement] {
        let json = TraceEncoder.tempoJSON(trace)
        let proto = TraceEncoder.protobuf(trace)
        let spans = Double(trace.spans.count)
        var out: [Measurement] = []
        out.append(Measurement.run("decode Tempo JSON, 100k spans (\(json.count / 1_000_000) MB)", units: spans, unit: "spans", bytes: Double(json.count)) {
            _ = try? TraceDecoder.decode(json)
        })
        out.append(Measurement.run("decode protobuf, 100k spans (\(proto.count / 1_000_000) MB)", units: spans, unit: "spans", bytes: Double(proto.count)) {
            _ = try? TraceDecoder.decode(proto)
        })
        var state = AppState(settings: Settings(frozenClock: true), sourceSummary: "bench")
        _ = state.update(.resize(width: 200, height: 60))
        out.append(Measurement.run("timeline open from protobuf, 100k spans", runs: 3) {
            guard let t = try? TraceDecoder.decode(proto) else { return }
            var s = state
            s.timeline = TimelineState(trace: t)
            s.mode = .timeline
            _ = s.render()
        })
        var s = state
        s.timeline = TimelineState(trace: trace)
        s.mode = .timeline
        out.append(Measurement.run("timeline scroll (PgDn + frame), 100k spans", runs: 20) {
            _ = s.update(.key(.pageDown))
            _ = s.render()
        })
        out.append(Measurement.run("TraceJSON of 100k spans", runs: 3) { _ = TraceJSON.render(trace) })
        return out
    }

    /// The path as a script would time it, for comparison with orjson and jq.
    static func writeJSON(to path: String) -> Int {
        let json = TraceEncoder.tempoJSON(trace)
        FileManager.default.createFile(atPath: path, contents: Data(json))
        return json.count
    }
}
