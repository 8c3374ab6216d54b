/// The `:` commands. One list drives their completion, their dispatch, the "unknown
/// command" hint, the `?` overlay's `:` line and `sonicmap keys`.
public enum CommandVerb: String, Sendable, CaseIterable {
    case window, refresh, at, live, compare, group, trace, traces, theme, table, map, q, quit, help

    /// How help shows the verb (`window 15m`, `trace ID`), or nil for an alias help leaves out.
    public var example: String? {
        switch self {
        case .window: "window 15m"
        case .refresh: "refresh 10s"
        case .at: "at -10m"
        case .live: "live"
        case .compare: "compare -1h"
        case .group: "group"
        case .trace: "trace ID"
        case .traces: "traces"
        case .theme: "theme"
        case .table: "table"
        case .q: "q"
        case .map, .quit, .help: nil
        }
    }

    /// What the verb does, for `sonicmap keys`.
    public var help: String {
        switch self {
        case .window: "look at a longer or shorter window (:window 15m)"
        case .refresh: "refresh every interval (:refresh 10s)"
        case .at: "the map as of a time: -10m, 14:05 (UTC), RFC 3339 or Unix seconds (:at -10m)"
        case .live: "back to now, refreshing on the interval"
        case .compare: "changes since a time on the map and in the table; m cycles Δrate, Δerrors, Δp95 (:compare -1h, :compare off)"
        case .group: "group by pod, deployment or role (:group deployment)"
        case .trace: "open a trace by id (:trace 5b8efff798038103d269b633813fc60c)"
        case .traces: "the requests of every trace: a replay's snapshot traces, or every trace of the window"
        case .theme: "switch the theme (:theme dark)"
        case .table: "the table of nodes and edges"
        case .map: "the map"
        case .q, .quit: "quit"
        case .help: "every key of the current view"
        }
    }

    /// The verbs help names, in order.
    public static var shown: [CommandVerb] { allCases.filter { $0.example != nil } }

    /// `window 15m, refresh 10s, group, trace ID, traces, theme, table, q`.
    public static var summary: String { shown.compactMap(\.example).joined(separator: ", ") }
}
