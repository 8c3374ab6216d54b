import Foundation
import SonicMapCore

/// sonicmap's trace decoders side by side with `orjson.loads` and `jq length` on the same
/// bytes, each in its own process so that wall time and peak RSS are measured the same
/// way for all: from spawn to exit (start-up and reading the file included), peak RSS as
/// GNU time reports it. Best of `runs` wall times; the largest peak RSS.
enum DecoderComparison {
    static let runs = 3

    /// The child's side: `sonicmap-bench --decode PATH` reads and decodes one trace file.
    static func decode(path: String) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
            return 1
        }
        do {
            print(try TraceDecoder.decode(data).spans.count)
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
            return 1
        }
    }

    static func run(trace: Trace) -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonicmap-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = Data(TraceEncoder.tempoJSON(trace))
        let proto = Data(TraceEncoder.protobuf(trace))
        let jsonPath = dir.appendingPathComponent("trace.json").path
        let protoPath = dir.appendingPathComponent("trace.pb").path
        do {
            try json.write(to: URL(fileURLWithPath: jsonPath))
            try proto.write(to: URL(fileURLWithPath: protoPath))
        } catch {
            return ["decoders side by side: cannot write the trace files in \(dir.path): \(error)"]
        }

        let orjson = "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())"
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let tools: [(name: String, argv: [String], bytes: Int)] = [
            ("sonicmap Tempo JSON → model", [me, "--decode", jsonPath], json.count),
            ("sonicmap protobuf → model", [me, "--decode", protoPath], proto.count),
            ("python3 orjson.loads (JSON → dicts)", ["python3", "-c", orjson, jsonPath], json.count),
            ("jq length (JSON)", ["jq", "length", jsonPath], json.count),
        ]
        let spans = Double(trace.spans.count)
        var lines = [
            "decoders side by side, \(trace.spans.count) spans: Tempo JSON \(mb(json.count)), protobuf \(mb(proto.count)); one process each, best of \(runs)",
            "  " + "tool".padding(toLength: 40, withPad: " ", startingAt: 0) + "      wall       spans/s      MB/s   peak RSS",
        ]
        for tool in tools {
            var results: [ChildRun] = []
            for _ in 0..<runs {
                guard let r = ChildProcess.run(tool.argv, scratch: dir) else { break }
                results.append(r)
            }
            let name = "  " + tool.name.padding(toLength: 40, withPad: " ", startingAt: 0)
            guard results.count == runs else {
                lines.append(name + "  not available (\(tool.argv[0]) under \(ChildProcess.time) failed; scripts/install-deps.sh installs orjson, jq and time)")
                continue
            }
            let best = results.map(\.seconds).min()!
            let rss = results.map(\.peakRSSBytes).max()!
            lines.append(name + String(format: "  %6.2f s  %12.0f  %8.0f  %5.0f MiB", best, spans / best, Double(tool.bytes) / best / 1e6, Double(rss) / 1_048_576))
        }
        return lines
    }

    private static func mb(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1e6) }
}
