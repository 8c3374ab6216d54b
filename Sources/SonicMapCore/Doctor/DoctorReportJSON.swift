import Foundation

/// `sonicmap doctor --json`: one object whose fields are a contract (README, command
/// section). Keys always appear in the same order; numbers that cannot be known are `null`.
public enum DoctorReportJSON {
    public static func render(_ report: DoctorReport) -> String {
        let report = report.sanitized
        var w = JSONDocumentWriter()
        w.beginObject()
        w.bool("healthy", report.healthy)
        w.string("source", report.source)
        w.string("time", timestamp(report.time))
        w.number("windowSeconds", report.windowSeconds)
        w.beginArray("endpoints")
        for e in report.endpoints {
            w.beginObject()
            w.string("name", e.name)
            w.string("url", e.url)
            if let v = e.version { w.string("version", v) } else { w.null("version") }
            w.bool("versionAssumed", e.versionAssumed)
            w.endObject()
        }
        w.endArray()
        w.beginArray("checks")
        for c in report.checks {
            w.beginObject()
            w.string("id", c.id)
            w.string("status", c.status.rawValue)
            w.string("message", c.message)
            w.endObject()
        }
        w.endArray()
        w.beginArray("connectionTypes")
        for t in report.connectionTypes { w.string(nil, t == .plain ? "plain" : t.rawValue) }
        w.endArray()
        if let s = report.sampling {
            w.beginObject("sampling")
            w.number("ratio", s.ratio)
            w.number("sampledRate", s.sampledRate)
            w.number("tritonRate", s.tritonRate)
            w.number("directRate", s.directRate)
            w.endObject()
        } else {
            w.null("sampling")
        }
        w.beginArray("explanations")
        for e in report.explanations {
            w.beginObject()
            w.string("cause", e.cause.rawValue)
            w.string("finding", e.finding)
            w.string("action", e.action)
            w.endObject()
        }
        w.endArray()
        w.int("requests", Int64(report.requests))
        w.endObject()
        return w.text + "\n"
    }

    /// RFC 3339 UTC, whole seconds: `2026-11-29T07:45:20Z`.
    static func timestamp(_ unixSeconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: unixSeconds.rounded(.down)))
    }
}
