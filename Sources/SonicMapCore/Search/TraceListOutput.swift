/// `sonicmap search` output: a listing of traces as JSON or text. Pure; span text is
/// made safe (`SafeText`) in both.
public enum TraceListOutput {
    /// `{"traces":[{"traceId","start","durationMs","rootService","rootName","status","statusMessage"}]}`:
    /// ids as 32 hex characters, `start` as RFC 3339 UTC with nanoseconds, `status`
    /// `ok|error|unset`.
    public static func json(_ traces: [TraceSummary]) -> String {
        var w = JSONDocumentWriter()
        w.beginObject()
        w.beginArray("traces")
        for t in traces {
            w.beginObject()
            w.string("traceId", t.traceID.hex)
            w.string("start", rfc3339Nanos(t.startUnixNano))
            w.number("durationMs", t.durationMs)
            w.string("rootService", SafeText.clean(t.rootServiceName))
            w.string("rootName", SafeText.clean(t.rootTraceName))
            w.string("status", t.status.rawValue)
            w.string("statusMessage", SafeText.clean(t.statusMessage))
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// One line per trace under a header: start, duration, id, root, status and message.
    /// `notes` (a listing's remarks) follow, prefixed `note:`.
    public static func text(_ traces: [TraceSummary], notes: [String] = []) -> String {
        var out = "START                          DURATION  TRACE ID                          STATUS  ROOT\n"
        for t in traces {
            let duration = Formatting.duration(ms: t.durationMs)
            let root = SafeText.clean(t.rootServiceName) + (t.rootTraceName.isEmpty ? "" : " " + SafeText.clean(t.rootTraceName))
            let message = t.statusMessage.isEmpty ? "" : "  " + SafeText.clean(t.statusMessage)
            out += pad(rfc3339Nanos(t.startUnixNano), 31) + pad(duration, 10) + t.traceID.hex + "  " + pad(t.status.rawValue, 8) + root + message + "\n"
        }
        out += "\(traces.count) trace\(traces.count == 1 ? "" : "s"), newest first\n"
        for n in notes { out += "note: \(SafeText.clean(n))\n" }
        return out
    }

    /// `2026-11-29T07:45:00.123456789Z`.
    static func rfc3339Nanos(_ ns: UInt64) -> String {
        let seconds = UTCTime.rfc3339(Double(ns / 1_000_000_000))
        let fraction = String(ns % 1_000_000_000)
        return seconds.dropLast() + "." + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(1, width - DisplayWidth.of(s)))
    }
}
