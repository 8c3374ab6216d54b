import Foundation
import SonicMapCore
import SonicMapUI

/// Runs one input through the readers and what comes after them, as the CLI and the TUI
/// would: a trace is decoded (format detected from the bytes, as `trace --file` does),
/// then rendered as text and JSON and encoded again; a snapshot is read, written back,
/// re-read, and replayed into the app and drawn. Errors are expected; a crash, a trap
/// or a hang is the bug.
enum FuzzTarget {
    /// Returns the outcome for the statistics: the kind and `accepted` or `rejected`.
    static func run(_ seed: FuzzSeed) -> String {
        let accepted = seed.kind == .snapshot ? snapshot(seed.bytes) : trace(seed.bytes)
        return seed.kind.rawValue + (accepted ? " accepted" : " rejected")
    }

    static func trace(_ bytes: [UInt8]) -> Bool {
        guard let trace = try? TraceDecoder.decode(bytes, spanCap: 50_000) else { return false }
        _ = TraceText.render(trace)
        _ = TraceJSON.render(trace)
        _ = TraceEncoder.otlpJSON(trace)
        _ = try? TraceDecoder.decode(TraceEncoder.protobuf(trace))
        return true
    }

    static func snapshot(_ bytes: [UInt8]) -> Bool {
        guard let snapshot = try? SnapshotJSONReader.read(bytes) else { return false }
        _ = try? SnapshotJSONReader.read(Array(SnapshotJSONWriter.write(snapshot).utf8))
        _ = DOTExporter.write(snapshot)
        var state = AppState.replaying(snapshot, settings: Settings(frozenClock: true), width: 100, height: 30)
        _ = state.render()
        _ = state.update(.resize(width: 40, height: 12))
        _ = state.render()
        for trace in snapshot.traces.prefix(2) { _ = TraceText.render(trace) }
        return true
    }
}
