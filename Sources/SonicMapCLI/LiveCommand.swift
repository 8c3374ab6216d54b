import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapSources

/// `sonicmap live`: the map of a real deployment (the default command).
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Show the live map (the default command).",
        discussion: """
            Give a source: --tempo and/or --prometheus (or a profile, or the \
            SONICMAP_* environment), or --demo for the built-in simulated deployment \
            (the same as `sonicmap demo`).
            --at T shows the map as of T instead of now: RFC 3339, Unix seconds or \
            relative to the start (--at -10m or --at=-10m); the window ends at T and every \
            refresh is evaluated there. With --demo it is the simulated seconds the demo \
            starts at (default 120).
            """
    )

    @Flag(help: "Use the built-in simulated deployment.")
    var demo = false

    @Option(help: ArgumentHelp("Show a snapshot written by `sonicmap export --format json`, with no network.", valueName: "file"))
    var snapshot: String?

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Source") var source: SourceFlags
    @OptionGroup(title: "Display") var display: DisplayFlags

    @Option(help: ArgumentHelp(
        #"TraceQL for the requests the map fetches from Tempo (default { name = "InferRequest" }, then any trace when none match)."#,
        valueName: "traceql"))
    var traceQuery: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Show the map as of this time (-10m, 14:05 UTC, RFC 3339 or Unix seconds); with --demo, the simulated seconds it starts at.", valueName: "time"))
    var at: String?

    func validate() throws {
        if let at {
            if snapshot != nil { throw ValidationError("--at does not apply to --snapshot: a snapshot holds one time (meta.dataTime).") }
            try AtFlag.check(at, demo: demo)
        }
        if let traceQuery, traceQuery.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(#"--trace-query is empty: give a TraceQL query such as '{ resource.service.name =~ "supersonic-triton-.*" }'."#)
        }
    }

    func run() throws {
        if let snapshot {
            try InteractiveRunner.replay(try SnapshotFile.read(snapshot), display: display)
            return
        }
        if demo {
            let start = try at.map { try AtFlag.demoSeconds($0) }
            let source = start.map { DemoSource.live(options: demoFlags.options, warmStart: $0) } ?? DemoSource.live(options: demoFlags.options)
            try InteractiveRunner.run(source: source, display: display, sources: SnapshotSources(demo: source.snapshotSource))
            return
        }
        let config = try source.resolve(display: display)
        let live = try config.liveSource(noSource: """
            no data source configured.
              Point it at your servers:  sonicmap live --tempo http://localhost:3100 --prometheus http://localhost:9090
              (SuperSONIC: kubectl port-forward svc/<release>-tempo 3100 and svc/<release>-prometheus-server 9090)
              (or SONICMAP_TEMPO_URL / SONICMAP_PROMETHEUS_URL, or a profile in ~/.config/sonicmap/config.yaml)
              Try the built-in simulated deployment:  sonicmap demo
            """, traceQuery: traceQuery)
        let time = try at.map { try AtFlag.resolve(AtFlag.live($0), now: Date().timeIntervalSince1970) }
        try InteractiveRunner.run(source: live, display: display, sources: config.snapshotSources, config: config, at: time)
    }
}
