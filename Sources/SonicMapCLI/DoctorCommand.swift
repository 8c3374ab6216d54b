import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapSources

/// `sonicmap doctor`: checks the endpoints and explains an empty or partial map.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the endpoints and explain an empty or partial map.",
        discussion: """
            For Tempo and Prometheus: reachability, version, auth and tenant. From \
            Prometheus: service-graph series and their connection types, exemplars, span \
            metrics, Triton and Envoy metrics, and an estimate of Envoy's sampling rate. \
            From a few recent traces: span kinds, service names and orphans. Then the likely \
            causes of an empty or partial map, with what to do.
            It sends a fixed, small number of requests. Exit status: 0 when no check \
            failed (warnings allowed), 1 when one did.
            --at T checks the window ending at T instead of now: RFC 3339, Unix seconds, a \
            UTC time of day (14:05) or relative to now (--at -10m or --at=-10m). With --demo it is the simulated \
            seconds the demo runs before the check (default 300).
            """
    )

    @Flag(help: "Check the built-in simulated deployment instead of endpoints.")
    var demo = false

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Source") var source: SourceFlags

    @Option(help: ArgumentHelp("Time window rates are taken over (default: the configured window, 5m).", valueName: "duration"))
    var window: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Diagnose the window ending at this time instead of now (-10m, RFC 3339 or Unix seconds); with --demo, simulated seconds.", valueName: "time"))
    var at: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// Simulated seconds the demo runs before it is checked: a full default window.
    static let demoSeconds = 300.0

    func validate() throws {
        if let window {
            do { _ = try ConfigValue.window(window) } catch { throw ValidationError("--window: \(error.problem)") }
        }
        if let at { try AtFlag.check(at, demo: demo) }
    }

    func run() throws {
        let report = try demo ? demoReport() : liveReport()
        try StandardOutput.write(json ? DoctorReportJSON.render(report) : DoctorReportText.render(report))
        if !report.healthy { throw ExitCode(1) }
    }

    private func liveReport() throws -> DoctorReport {
        let config = try source.resolve(display: nil)
        guard config.tempo != nil || config.prometheus != nil else {
            throw CommandFailure.usage("""
                no endpoint to check.
                  Give them:  sonicmap doctor --tempo http://localhost:3100 --prometheus http://localhost:9090
                  (or SONICMAP_TEMPO_URL / SONICMAP_PROMETHEUS_URL, or a profile in ~/.config/sonicmap/config.yaml)
                  Check the built-in simulated deployment:  sonicmap doctor --demo
                """)
        }
        let windowSeconds = try window.map { try ConfigValue.window($0) } ?? config.window.value
        let queries: DoctorQueries
        do {
            queries = try DoctorQueries(
                windowSeconds: windowSeconds, serviceGraphFilter: config.prometheusFilter?.value ?? LabelSelector(),
                supersonicSelector: config.supersonicSelector?.value ?? LabelSelector())
        } catch {
            throw CommandFailure.usage(error.description)
        }
        let now = Date().timeIntervalSince1970
        let time = try at.map { try AtFlag.resolve(AtFlag.live($0), now: now) } ?? now
        if config.tempo != nil, let note = LookBack.tempoNote(end: time, now: now) { StandardError.write("sonicmap: note: \(note)\n") }
        let answers = DoctorProbe(tempo: config.tempo, prometheus: config.prometheus, queries: queries).run(at: time)
        return DoctorDiagnosis.diagnose(answers)
    }

    private func demoReport() throws -> DoctorReport {
        let options = demoFlags.options
        let seconds = try at.map { try AtFlag.demoSeconds($0) } ?? Self.demoSeconds
        let source = DemoSource(options: options) { seconds }
        let windowSeconds = window.flatMap { try? ConfigValue.window($0) } ?? EffectiveConfig.defaultWindowSeconds
        let data = try source.refresh(RefreshRequest(windowSeconds: windowSeconds))
        guard let sample = data.sample else { throw CommandFailure.data("the simulator produced no metrics") }
        let description = "simulated deployment (seed \(options.seed), \(Formatting.rate(options.rate)) at Envoy, Envoy sampling \(Formatting.percent(options.envoySampling)))"
        return DoctorDiagnosis.simulated(sample: sample, traces: data.traces, description: description)
    }
}
