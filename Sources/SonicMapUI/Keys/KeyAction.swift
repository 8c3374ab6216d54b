/// What a key does. The key tables (`KeyMap`) map keys to actions; `update` carries the
/// actions out; the `?` overlay, `:` completion and `sonicmap keys` describe them.
public enum KeyAction: String, Sendable, CaseIterable {
    // Everywhere.
    case quit, help, command, export, back, pause, refresh, copyTraceID, linkToGrafana
    // Lists: the table, the requests, the timeline, a span's details.
    case moveDown, moveUp, pageDown, pageUp, first, last
    // The map.
    case selectBelow, selectAbove, selectLeft, selectRight, cycleNext, cyclePrevious
    case panLeft, panRight, panUp, panDown, regroup, collapseGroup, expandGroup, cycleEdgeLabels
    // The map and the table.
    case open, toggleTable, filter, stepBack, stepForward
    // The table.
    case sortNext, sortPrevious, reverseSort, toggleKind
    // The requests.
    case editQuery, olderPage, newerPage, searchAgain, slowestFirst, errorsOnly
    // The timeline.
    case collapse, expand, collapseAll, expandAll, criticalPath, zoom, nextMatch, previousMatch, details
}
