import Foundation

/// `sonicmap doctor`'s human output: a heading, one line per check (`ok`, `warn`, `fail`,
/// `skip`), the likely causes of an empty or partial map with what to do, and the verdict.
public enum DoctorReportText {
    public static func render(_ report: DoctorReport) -> String {
        let report = report.sanitized
        var lines: [String] = []
        let sources = report.endpoints.isEmpty
            ? "the simulated deployment"
            : report.endpoints.map { e in "\(e.name) \(e.url)" + (e.version.map { " (\($0)\(e.versionAssumed ? ", assumed" : ""))" } ?? "") }
                .joined(separator: ", ")
        lines.append("sonicmap doctor: \(sources); window \(Formatting.interval(seconds: report.windowSeconds)) ending \(DoctorReportJSON.timestamp(report.time))")
        lines.append("")
        let idWidth = report.checks.map(\.id.count).max() ?? 0
        for check in report.checks {
            let status = check.status.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
            lines.append(status + " " + check.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  " + check.message)
        }
        if !report.explanations.isEmpty {
            lines.append("")
            lines.append("Why the map may be empty or partial:")
            for e in report.explanations {
                lines.append("  \(e.cause.rawValue): \(e.finding)")
                lines.append("    what to do: \(e.action)")
            }
        }
        lines.append("")
        let failed = report.checks.filter { $0.status == .fail }
        let warned = report.checks.filter { $0.status == .warn }.count
        if failed.isEmpty {
            lines.append("healthy: no check failed" + (warned == 0 ? "" : " (\(warned) warning\(warned == 1 ? "" : "s"))"))
        } else {
            lines.append("NOT healthy: \(failed.count) check\(failed.count == 1 ? "" : "s") failed (\(failed.map(\.id).joined(separator: ", ")))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
