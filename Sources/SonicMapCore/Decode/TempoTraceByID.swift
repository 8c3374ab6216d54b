import Foundation

/// Facts about Tempo's trace-by-id answers that are not a trace. Pure.
public enum TempoTraceByID {
    /// Whether a 200 body is a JSON object with no trace member at all (`{"metrics":{}}`):
    /// how some Tempo-compatible servers answer an unknown id, where Tempo 2.10 and 3.x send
    /// `{"trace":{},"metrics":{}}`. Either means "not found".
    public static func lacksTrace(_ body: Data) -> Bool {
        guard body.count <= 64 * 1024, let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return false }
        return object["trace"] == nil && object["batches"] == nil && object["resourceSpans"] == nil
    }
}
