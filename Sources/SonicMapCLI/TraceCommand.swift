import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapSources
import SonicMapTerminal
import SonicMapUI

/// How `sonicmap trace` prints.
enum TraceFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, otlp
}

/// `sonicmap trace`: one trace, from Tempo by id or from a file.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show or print one trace: its timeline on a terminal, or text, JSON or OTLP.",
        discussion: """
            sonicmap trace ID --tempo URL     fetch from Tempo (v2 then v1, protobuf first)
            sonicmap trace --file PATH        read Tempo v1/v2 JSON, OTLP JSON or OTLP protobuf
            sonicmap trace ID --file PATH     take one trace out of a file holding several (an
                                              export batch, the Collector's JSON lines);
                                              `sonicmap search --file PATH` lists them
            On a terminal without --format it opens the timeline view (for a file of several
            traces and no id, the list of their requests: Enter opens one); otherwise it prints.
            --format json follows the JSON contract: spans sorted by start, per-hop phases per
            InferRequest; the same trace in any encoding prints the same bytes.
            """
    )

    @Argument(help: "Trace id: 1–32 hex digits (leading zeros may be trimmed).")
    var id: String?

    @Option(help: "Read the trace from a file instead of Tempo ('-' for standard input).")
    var file: String?

    @Option(help: "Print as text, json or otlp instead of opening the timeline.")
    var format: TraceFormat?

    @OptionGroup(title: "Source") var source: SourceFlags

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    func validate() throws {
        if id == nil && file == nil { throw ValidationError("give a trace id (with --tempo) or --file PATH.") }
        if let id, TraceID(hex: id) == nil { throw ValidationError("'\(id)' is not a trace id: expected 1–32 hex digits.") }
    }

    func run() throws {
        let traces = try load()
        let interactive = format == nil && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        if traces.count > 1, let file {
            guard interactive else { throw Self.pickOne(traces, file: file) }
            try InteractiveRunner.runTraceList(traces, file: file, ascii: ascii, grafana: try source.grafanaLink())
            return
        }
        let trace = traces[0]
        if interactive {
            try InteractiveRunner.runTimeline(trace: trace, ascii: ascii, grafana: try source.grafanaLink())
            return
        }
        switch format ?? .text {
        case .text: try StandardOutput.write(TraceText.render(trace, ascii: ascii))
        case .json: try StandardOutput.write(TraceJSON.render(trace))
        case .otlp: try StandardOutput.write(TraceEncoder.otlpJSON(trace) + Array("\n".utf8))
        }
    }

    /// The one trace asked for, or every trace of the file when no id picks one (never none).
    func load() throws -> [Trace] {
        if let file {
            let limit = try source.traceFileLimit()
            let traces = try TraceFileInput.read(file, limit: limit)
            if let id {
                let wanted = TraceID(hex: id)!
                guard let trace = traces.first(where: { $0.traceID == wanted }) else {
                    throw CommandFailure.data("trace \(wanted.hex) is not in \(file), which holds \(Self.count(traces.count)): `sonicmap search --file \(file)` lists them")
                }
                return [trace]
            }
            return traces
        }
        let config = try source.resolve(display: nil)
        guard let tempo = config.tempo else {
            throw CommandFailure.usage("no Tempo configured: give --tempo URL, SONICMAP_TEMPO_URL or 'tempo:' in the config file.")
        }
        let traceID = TraceID(hex: id!)!
        do {
            return [try TempoClient(endpoint: tempo, http: HTTPClient()).trace(id: traceID)]
        } catch {
            throw CommandFailure.data(String(describing: error))
        }
    }

    /// Several traces in `file` and no id to print: a usage failure (exit 2) that says how
    /// many there are and how to pick one.
    static func pickOne(_ traces: [Trace], file: String) -> CommandFailure {
        .usage("""
            \(file) holds \(count(traces.count)); pick one by id:
              sonicmap trace ID --file \(file)
            `sonicmap search --file \(file)` lists them, newest first (the first: \(traces.prefix(3).map(\.traceID.hex).joined(separator: ", ")))
            """)
    }

    /// `1 trace`, `5 traces`.
    static func count(_ n: Int) -> String { "\(n) trace\(n == 1 ? "" : "s")" }
}
