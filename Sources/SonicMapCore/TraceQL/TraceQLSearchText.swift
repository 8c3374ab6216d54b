import Foundation

/// The TraceQL sent to Tempo for a listing, built from the query a person wrote. Pure.
///
/// - `| select(status, statusMessage)` makes Tempo return each matched span's status and
///   message (`CUDA out of memory`) with the search hit, so a listing can show them
///   without fetching every trace;
/// - `with (most_recent=true)` (Tempo ≥ 2.5) makes the answer the newest hits of the
///   range instead of whichever the search met first.
///
/// Both are added only when the query does not already have them.
public enum TraceQLSearchText {
    /// `query` (empty: any trace) with the selection and hint asked for.
    public static func decorated(_ query: String, selectStatus: Bool, mostRecent: Bool) -> String {
        var body = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { body = "{}" }
        var hints = ""
        if let range = body.range(of: #"\bwith\s*\("#, options: [.regularExpression, .backwards]) {
            hints = String(body[range.lowerBound...])
            body = String(body[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        if selectStatus && !body.contains("select(") { body += " | select(status, statusMessage)" }
        if mostRecent && !hints.contains("most_recent") {
            hints = hints.isEmpty ? "with (most_recent=true)" : hints.replacingOccurrences(of: #"\(\s*"#, with: "(most_recent=true, ", options: .regularExpression, range: hints.range(of: #"\(\s*"#, options: .regularExpression))
        }
        return hints.isEmpty ? body : body + " " + hints
    }
}
