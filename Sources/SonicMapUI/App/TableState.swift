import SonicMapCore

/// Which rows the table shows.
public enum TableKind: String, Sendable {
    case nodes, edges
}

/// The table view's own state: which rows, how sorted and filtered, which is selected.
public struct TableState: Equatable, Sendable {
    /// The column titles; `sortColumn` indexes them.
    public static let columns = ["NAME", "RPS", "SUCCESS", "P50", "P95", "P99", "NET", "QUEUE", "INFER"]

    /// Nodes or edges (Tab).
    public var kind: TableKind = .edges
    /// Index into `columns` of the column the rows sort on.
    public var sortColumn: Int = 1
    public var descending = true
    /// Rows whose name contains this, ignoring case (`/`).
    public var filter = ""
    /// Index of the selected row, and of the first row on screen.
    public var selectedRow = 0
    public var scroll = 0
    /// While comparing (`:compare`), each row's largest relative change (1 for one that
    /// appeared or vanished): rows then sort on it first, the largest change on top.
    public var changes: [Selection: Double]?

    public init() {}

    /// The rows of `map` matching the filter, sorted; nothing is formatted here.
    func rows(of map: ServiceMap) -> [TableRow] {
        let c = max(0, min(sortColumn, Self.columns.count - 1))
        var rows: [TableRow]
        switch kind {
        case .nodes: rows = map.nodes.map { TableRow(selection: .node($0.id), key: TableRowFigures($0).key(c)) }
        case .edges: rows = map.edges.map { TableRow(selection: .edge($0.key), key: TableRowFigures($0).key(c)) }
        }
        if !filter.isEmpty {
            let f = filter.lowercased()
            rows = rows.filter { $0.name.lowercased().contains(f) }
        }
        rows.sort { a, b in
            if let changes, changes[a.selection, default: 0] != changes[b.selection, default: 0] {
                return changes[a.selection, default: 0] > changes[b.selection, default: 0]
            }
            if c == 0 { return descending ? TableRow.nameOrder(b.selection, a.selection) : TableRow.nameOrder(a.selection, b.selection) }
            if a.key != b.key { return descending ? a.key > b.key : a.key < b.key }
            return TableRow.nameOrder(a.selection, b.selection)
        }
        return rows
    }
}
