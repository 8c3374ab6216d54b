import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapExport
import SonicMapSources
import SonicMapTerminal
import SonicMapUI

extension ExportFormat: ExpressibleByArgument {}

/// `sonicmap export`: a snapshot of the map (and traces) in a file, from any source.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a snapshot of the map: json, dot, mermaid, svg, text, or one trace as otlp.",
        discussion: """
            Sources: --demo (with its options and --at), live endpoints (--tempo, \
            --prometheus, a profile or the environment), or --snapshot FILE to convert a \
            snapshot into another format.
            --at T exports the map as of T: with live endpoints T is RFC 3339, Unix \
            seconds, a UTC time of day (14:05) or relative to now (--at -10m or --at=-10m); the window ends at T, \
            every query is evaluated at T and meta.dataTime is T. With --demo it is the \
            demo's simulated seconds (default 120).
              json     the snapshot (schemaVersion 1); `sonicmap replay` opens it
              dot      Graphviz (dot -Tsvg map.dot > map.svg)
              mermaid  a flowchart for GitHub Markdown (paste inside ```mermaid)
              svg      a picture of the map in the theme's colours
              text     the map exactly as the terminal shows it at --width × --height
              otlp     one trace (--trace ID) as OTLP JSON, for Grafana's "Import trace"
            The default path is ./sonicmap-<UTC yyyyMMdd-HHmmss>.<ext>; an existing file \
            is never replaced without --force. Files are written atomically.
            """
    )

    @Option(help: "json, dot, mermaid, svg, text or otlp.")
    var format: ExportFormat

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write ('-' for standard output).", valueName: "path"))
    var output: String?

    @Flag(help: "Overwrite an existing file.")
    var force = false

    @Option(help: "Width of the text and svg picture, in terminal columns.")
    var width: Int = 120

    @Option(help: "Height of the text and svg picture, in terminal rows.")
    var height: Int = 40

    @Option(help: ArgumentHelp("The trace to export (otlp), or to include in a json snapshot.", valueName: "id"))
    var trace: String?

    @Flag(help: "Use the built-in simulated deployment.")
    var demo = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The map as of this time (-10m, RFC 3339 or Unix seconds); with --demo, simulated seconds (default 120).", valueName: "time"))
    var at: String?

    /// Simulated seconds of the demo when --at is not given.
    static let demoSeconds = 120.0

    @Option(help: ArgumentHelp("Convert a snapshot file instead of reading a live source.", valueName: "file"))
    var snapshot: String?

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Source") var source: SourceFlags
    @OptionGroup(title: "Display") var display: DisplayFlags

    func validate() throws {
        guard (20...1000).contains(width), (5...1000).contains(height) else {
            throw ValidationError("--width must be 20…1000 and --height 5…1000.")
        }
        if demo && snapshot != nil { throw ValidationError("give one source: --demo or --snapshot, not both.") }
        if let trace, TraceID(hex: trace) == nil { throw ValidationError("'\(trace)' is not a trace id: expected 1–32 hex digits.") }
        if format == .otlp && trace == nil { throw ValidationError("--format otlp exports one trace: give --trace ID.") }
        if let at {
            if snapshot != nil { throw ValidationError("--at does not apply to --snapshot: a snapshot holds one time (meta.dataTime).") }
            try AtFlag.check(at, demo: demo)
        }
    }

    /// The state to export, plus where else --trace may be found.
    private struct Loaded {
        var state: AppState
        /// Traces the source holds beyond those of the refresh (the demo's store).
        var moreTraces: [Trace] = []
        var tempo: TempoClient?
        /// Configured sources that gave no data at all (the snapshot holds the others').
        var silent: [String] = []
    }

    func run() throws {
        let loaded = try load()
        var state = loaded.state
        if let trace, let id = TraceID(hex: trace) {
            state.feed.openedTraces.append(try find(id, in: loaded))
        }
        let now = Date().timeIntervalSince1970
        let picture = state.render()
        let path = output ?? format.defaultPath(unixSeconds: now)
        let job = ExportJob(
            snapshot: state.snapshot(createdAt: now), format: format, path: path, force: force, picture: picture,
            themeName: display.theme, traceID: trace.flatMap { TraceID(hex: $0) }, thresholds: state.settings.health)
        let (themes, warnings) = display.loadThemes()
        for w in warnings { StandardError.write("sonicmap: \(w)\n") }
        for w in state.status.warnings { StandardError.write("sonicmap: warning: \(SafeText.clean(w))\n") }
        let bytes: [UInt8]
        do {
            bytes = try SnapshotExporter.encode(job, theme: themes[display.theme] ?? .builtinDefault)
        } catch {
            throw CommandFailure.data(error.description)
        }
        if path == "-" {
            try StandardOutput.write(bytes)
        } else {
            do {
                try ExportFile.write(bytes, to: path, force: force)
            } catch {
                throw error.isUsageProblem ? CommandFailure.usage(error.description) : CommandFailure.data(error.description)
            }
            StandardError.write("wrote \(path) (\(Formatting.bytes(bytes.count)))\n")
        }
        if !loaded.silent.isEmpty {
            throw CommandFailure.data(
                "\(loaded.silent.joined(separator: " and ")) gave no data (see the warnings above); the snapshot holds only the rest, and says so in meta.warnings")
        }
    }

    /// The app state to export: one refresh of the demo or the live source, or a snapshot.
    private func load() throws -> Loaded {
        if let snapshot {
            let settings = display.settings(utf8: TerminalLocale.activate(), frozenClock: true)
            return Loaded(state: AppState.replaying(try SnapshotFile.read(snapshot), settings: settings, width: width, height: height))
        }
        if demo {
            let seconds = try at.map { try AtFlag.demoSeconds($0) } ?? Self.demoSeconds
            let source = DemoSource(options: demoFlags.options) { seconds }
            var state = OnceFrame.state(source, display: display, width: width, height: height)
            state.settings.sources = SnapshotSources(demo: source.snapshotSource)
            return Loaded(state: state, moreTraces: source.simulator.traces.sampled + source.simulator.traces.orphans)
        }
        let config = try source.resolve(display: display)
        let live = try config.liveSource(noSource: "no data source: give --demo, --snapshot FILE, or --tempo URL and/or --prometheus URL.")
        let time = try at.map { try AtFlag.resolve(AtFlag.live($0), now: Date().timeIntervalSince1970) }
        var state = OnceFrame.state(
            live, display: display, width: width, height: height, config: config, at: time, now: Date().timeIntervalSince1970,
            traffic: format == .text || format == .svg)
        if state.feed.data == nil {
            throw CommandFailure.data("nothing to export: \(state.status.lastError?.message ?? "the refresh failed")")
        }
        state.settings.sources = config.snapshotSources
        var silent: [String] = []
        if let prometheus = live.prometheus, state.feed.data?.sample == nil { silent.append("Prometheus (\(prometheus.endpoint.redactedURL))") }
        if let tempo = live.tempo, state.status.warnings.contains(where: { $0.hasPrefix("Tempo (\(tempo.endpoint.redactedURL)):") }) {
            silent.append("Tempo (\(tempo.endpoint.redactedURL))")
        }
        return Loaded(state: state, tempo: live.tempo, silent: silent)
    }

    /// The trace for --trace: in the data or snapshot at hand, else from Tempo.
    private func find(_ id: TraceID, in loaded: Loaded) throws -> Trace {
        if let t = ((loaded.state.feed.data?.traces ?? []) + loaded.moreTraces).first(where: { $0.traceID == id }) { return t }
        guard let tempo = loaded.tempo else { throw CommandFailure.data("trace \(id.hex) not found in this source") }
        do {
            return try tempo.trace(id: id)
        } catch {
            throw CommandFailure.data(String(describing: error))
        }
    }
}
