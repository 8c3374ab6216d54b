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
            """
    )

    @Flag(help: "Check the built-in simulated deployment instead of endpoints.")
    var demo = false

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Source") var source: SourceFlags

    @Option(help: ArgumentHelp("Time window rates are taken over (default: the configured window, 5m).", valueName: "duration"))
    var window: String?

    @Option(help: ArgumentHelp("Diagnose the window ending at this time instead of now: Unix seconds or RFC 3339 (2026-11-29T07:45:00Z).", valueName: "time"))
    var at: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// Simulated seconds the demo runs before it is checked: a full default window.
    static let demoSeconds = 300.0

    func validate() throws {
        if let window {
            do { _ = try ConfigValue.window(window) } catch { throw ValidationError("--window: \(error.problem)") }
        }
        if let at {
            guard let time = Self.parseTime(at) else {
                throw ValidationError("--at: '\(SafeText.clean(at))' is not a time: give Unix seconds (1789999980) or RFC 3339 (2026-11-29T07:45:00Z).")
            }
            guard Self.timeRange.contains(time) else {
                throw ValidationError(
                    "--at: \(SafeText.clean(at)) is out of range: give a time between 2001-09-09T01:46:40Z (Unix 1000000000) and 9999-12-31T23:59:59Z (Unix 253402300799).")
            }
            if demo { throw ValidationError("--at applies to live endpoints, not --demo.") }
        }
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
        let time = at.flatMap(Self.parseTime) ?? Date().timeIntervalSince1970
        let answers = DoctorProbe(tempo: config.tempo, prometheus: config.prometheus, queries: queries).run(at: time)
        return DoctorDiagnosis.diagnose(answers)
    }

    private func demoReport() throws -> DoctorReport {
        let options = demoFlags.options
        let source = DemoSource(options: options) { Self.demoSeconds }
        let windowSeconds = window.flatMap { try? ConfigValue.window($0) } ?? EffectiveConfig.defaultWindowSeconds
        let data = try source.refresh(RefreshRequest(windowSeconds: windowSeconds))
        guard let sample = data.sample else { throw CommandFailure.data("the simulator produced no metrics") }
        let description = "simulated deployment (seed \(options.seed), \(Formatting.rate(options.rate)) at Envoy, Envoy sampling \(Formatting.percent(options.envoySampling)))"
        return DoctorDiagnosis.simulated(sample: sample, traces: data.traces, description: description)
    }

    /// The times `--at` accepts, in Unix seconds: below 10⁹ is more likely a mistake (a
    /// duration, a count) than a date in 2001, and past year 9999 no date format holds.
    static let timeRange = 1e9...253_402_300_799.0

    /// Unix seconds (`1789999980`, `1789999980.5`) or RFC 3339 with a zone.
    static func parseTime(_ text: String) -> Double? {
        if let seconds = Double(text), seconds.isFinite, seconds > 0 { return seconds }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
