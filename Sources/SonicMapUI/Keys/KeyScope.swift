/// Where a key binding applies: in every view, or in one.
public enum KeyScope: String, Sendable, CaseIterable {
    case global, map, table, requests, timeline, span

    /// The scope of what is on screen: a view, or a span's details inside the timeline.
    public init(mode: ViewMode, spanDetails: Bool) {
        switch mode {
        case .map: self = .map
        case .table: self = .table
        case .traces: self = .requests
        case .timeline: self = spanDetails ? .span : .timeline
        }
    }

    /// The heading of the scope's keys, as the `?` overlay and `sonicmap keys` print it.
    public var title: String {
        switch self {
        case .global: "every view"
        case .map: "map"
        case .table: "table"
        case .requests: "requests"
        case .timeline: "timeline"
        case .span: "span details"
        }
    }
}
