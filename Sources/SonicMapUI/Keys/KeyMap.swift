/// Every key binding of every view, as data: `update` dispatches on it, the `?` overlay
/// and `sonicmap keys` print it, so what help says is what the keys do.
public enum KeyMap {
    /// The rows of one scope, in the order help lists them.
    public static func bindings(_ scope: KeyScope) -> [KeyBinding] {
        switch scope {
        case .global: global
        case .map: map
        case .table: table
        case .requests: requests
        case .timeline: timeline
        case .span: span
        }
    }

    /// What `key` does in `scope`: the scope's own binding first, then the global one.
    public static func action(for key: Key, in scope: KeyScope) -> KeyAction? {
        for row in bindings(scope) + (scope == .global ? [] : global) {
            if let action = row.action(for: key) { return action }
        }
        return nil
    }

    static let global: [KeyBinding] = [
        KeyBinding([.char(":")], .command, "command: " + CommandVerb.summary),
        KeyBinding([(.char("p"), .pause), (.char("r"), .refresh)], label: "p / r", "pause or resume updates / refresh now"),
        KeyBinding([.char("e")], .export, "export: json, dot, mermaid, svg, text, otlp"),
        KeyBinding([.char("y")], .copyTraceID, "copy the selected trace's id (OSC 52)"),
        KeyBinding([.char("o")], .linkToGrafana, "copy a Grafana link to the trace or the map"),
        KeyBinding([.escape, .backspace], .back, label: "Esc", "back / close"),
        KeyBinding([.char("?")], .help, "this help"),
        KeyBinding([.char("q"), .ctrl("c")], .quit, label: "q", "quit"),
    ]

    /// j/k, pages, first/last: the same in every list.
    private static let move: [(Key, KeyAction)] = [
        (.char("j"), .moveDown), (.char("k"), .moveUp), (.down, .moveDown), (.up, .moveUp),
    ]
    private static let page: [(Key, KeyAction)] = [(.pageUp, .pageUp), (.pageDown, .pageDown), (.ctrl("u"), .pageUp), (.ctrl("d"), .pageDown)]
    private static let ends: [(Key, KeyAction)] = [(.char("g"), .first), (.char("G"), .last), (.home, .first), (.end, .last)]

    static let map: [KeyBinding] = [
        KeyBinding([(.char("j"), .selectBelow), (.char("k"), .selectAbove), (.down, .selectBelow), (.up, .selectAbove)], "select the node below / above"),
        KeyBinding([(.char("h"), .selectLeft), (.char("l"), .selectRight), (.left, .selectLeft), (.right, .selectRight)], "select a neighbour to the left / right"),
        KeyBinding([(.tab, .cycleNext), (.backTab, .cyclePrevious)], "cycle through nodes and edges"),
        KeyBinding([.enter], .open, "the requests behind the selection"),
        KeyBinding([(.shiftLeft, .panLeft), (.shiftRight, .panRight), (.shiftUp, .panUp), (.shiftDown, .panDown)], label: "S-arrows", "pan the map"),
        KeyBinding(hint: "mouse", "click selects, wheel scrolls"),
        KeyBinding([.char("g")], .regroup, "group by pod → deployment → role"),
        KeyBinding([(.char("-"), .collapseGroup), (.char("+"), .expandGroup)], label: "- / +", "collapse the selection's group / expand it"),
        KeyBinding([.char("m")], .cycleEdgeLabels, "edge labels: rate, errors, p50, p95, p99, client−server gap"),
        KeyBinding([.char("t")], .toggleTable, "table of nodes / edges"),
        KeyBinding([.char("/")], .filter, "filter the table by name"),
        timeSteps,
    ]

    /// `<` `>`: the map and the table step through time a window at a time.
    private static let timeSteps = KeyBinding(
        [(.char("<"), .stepBack), (.char(">"), .stepForward)], label: "< >", "one window back / forward in time (:live returns to now)")

    static let table: [KeyBinding] = [
        KeyBinding(move, label: "j k ↓ ↑", "move"),
        KeyBinding(page, label: "PgUp PgDn", "scroll a screen"),
        KeyBinding(ends, label: "g G", "first / last"),
        KeyBinding([(.char("s"), .sortNext), (.left, .sortPrevious), (.right, .sortNext)], label: "s ← →", "sort by the next / previous column"),
        KeyBinding([.char("S")], .reverseSort, "reverse the sort"),
        KeyBinding([.tab, .backTab], .toggleKind, label: "Tab", "nodes / edges"),
        KeyBinding([.char("/")], .filter, "filter by name"),
        KeyBinding([.enter], .open, "the requests behind the row"),
        KeyBinding([.char("t")], .toggleTable, "back to the map"),
        timeSteps,
    ]

    static let requests: [KeyBinding] = [
        KeyBinding(move, label: "j k ↓ ↑", "move"),
        KeyBinding(page, label: "PgUp PgDn", "scroll a screen"),
        KeyBinding(ends, label: "g G", "first / last"),
        KeyBinding([.enter], .open, "open the trace's timeline"),
        KeyBinding([.char("/")], .editQuery, "edit the TraceQL query; Enter runs it"),
        KeyBinding([(.char("]"), .olderPage), (.char("["), .newerPage)], "older / newer page of traces"),
        KeyBinding([.char("r")], .searchAgain, "search again"),
        KeyBinding([.char("s")], .slowestFirst, "slowest first (again: newest first)"),
        KeyBinding([.char("x")], .errorsOnly, "errors only (again: every request)"),
        KeyBinding(hint: "◆", "an exemplar of the edge's latency histogram"),
    ]

    static let timeline: [KeyBinding] = [
        KeyBinding(move, label: "j k ↓ ↑", "move"),
        KeyBinding(page, label: "PgUp PgDn", "page"),
        KeyBinding(ends, label: "g G", "first / last"),
        KeyBinding([(.char("h"), .collapse), (.char("l"), .expand), (.left, .collapse), (.right, .expand)], label: "h l", "collapse / expand a span"),
        KeyBinding([(.char("["), .collapseAll), (.char("]"), .expandAll)], "collapse / expand all"),
        KeyBinding([.char("c")], .criticalPath, "show the critical path alone"),
        KeyBinding([.char("z")], .zoom, "zoom to the span / back"),
        KeyBinding([.char("/")], .filter, "filter: service=, name=, key=value, >10ms"),
        KeyBinding([(.char("n"), .nextMatch), (.char("N"), .previousMatch)], "next / previous match"),
        KeyBinding([.enter], .details, "span details"),
    ]

    static let span: [KeyBinding] = [
        KeyBinding(move, label: "j k ↓ ↑", "the next / previous span"),
        KeyBinding([.escape, .enter, .backspace], .back, label: "Esc Enter", "close the details"),
    ]
}
