import SonicMapCore

/// Where the traces view's search stands.
public enum TraceSearchStatus: Equatable, Sendable {
    /// Nothing asked, or the last answer is on screen.
    case idle
    /// A search is under way; `older` when it fetches the next (older) page.
    case searching(id: Int, older: Bool)
    /// The last search failed: the source's message (Tempo's 400 for bad TraceQL).
    case failed(String)
}

/// The requests behind the selected edge or node, or of every trace at hand (a file's, a
/// snapshot's, `:traces`): a TraceQL search in the source, paged back through the whole
/// window newest first (or slowest first, with that preset), plus the exemplar traces of
/// the selection's edges.
///
/// Until the first answer arrives the rows come from the traces of the last refresh, so
/// the view is never empty while the source works.
public struct TracesState: Equatable, Sendable {
    /// Hits asked for per page.
    public static let pageSize = 20

    /// `edge envoy-9ww7h→triton-b658d`, `node triton-b658d`.
    public var title: String
    /// The edge or node whose requests these are; nil for every trace at hand.
    public var selection: Selection?
    /// Where the rows held before any search come from (`the last refresh`, `3 traces in
    /// batch.bin`), for the line above the list.
    public var origin = "the last refresh"
    /// The TraceQL query sent: the preset applied to `baseQuery` (shown).
    public private(set) var query: String
    /// The selection's query, or the one typed with `/`.
    public private(set) var baseQuery: String
    /// Newest, slowest or errors.
    public private(set) var preset: TracesPreset = .newest
    /// The edges whose exemplars are listed.
    public var exemplarScope: ExemplarScope?
    /// Unix seconds searched: the map's window.
    public var windowStart: Double
    public var windowEnd: Double
    /// The rows of the page on screen, slowest first.
    public private(set) var rows: [TraceRow] = []
    /// Index into `rows` of the selected row, and of the first row on screen.
    public var selectedRow = 0
    public var scroll = 0
    /// The hits of every page fetched so far, newest page first; empty before the first answer.
    public private(set) var pages: [[TraceSummary]] = []
    /// Index into `pages` of the page on screen.
    public private(set) var page = 0
    /// Exemplars of the scope, slowest first (listed on the first page).
    public private(set) var exemplars: [TraceExemplar] = []
    /// Every trace held in full, by id: the last refresh's and those fetched since.
    public private(set) var traces: [TraceID: Trace]
    /// Whether a search is under way or failed.
    public private(set) var status: TraceSearchStatus = .idle
    /// A remark on the last answer (a partial failure, no older traces).
    public private(set) var note: String?

    /// The state for `selection` (nil: every trace) before any search: rows from `refreshTraces`.
    public init(selection: Selection?, map: ServiceMap, refreshTraces: [Trace], windowStart: Double, windowEnd: Double) {
        self.selection = selection
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        traces = Dictionary(refreshTraces.map { ($0.traceID, $0) }, uniquingKeysWith: { a, _ in a })
        (title, baseQuery, exemplarScope) = Self.search(for: selection, map: map)
        query = baseQuery
        rebuildRows(map: map)
    }

    /// The title, the TraceQL that finds the selection's requests and the edges whose
    /// exemplars to list: for an edge into Triton, InferRequest spans of the server under a
    /// span of the client; for a pod, its InferRequest spans (under it, for Envoy); for a
    /// model, its model spans; for orphans (the `unsampled` node, or its edge to a pod), the
    /// InferRequest spans without a parent span in the trace (`{ } !> …`); for calls from a
    /// virtual node, the pod's InferRequest spans; with no selection, every trace (`{ }`).
    static func search(for selection: Selection?, map: ServiceMap) -> (String, String, ExemplarScope?) {
        func members(_ id: String) -> [String] { map.node(id).map { $0.members.isEmpty ? [id] : $0.members } ?? [id] }
        let inferRequest = "name = \"InferRequest\""
        switch selection {
        case nil:
            return ("every trace", "{ }", nil)
        case .node(let id):
            let title = "node " + PodName(id).short
            if let m = ModelNodeID(nodeID: id) { return (title, "{ span.triton.model_name = \(quoted(m.model)) }", nil) }
            if id == OrphanNode.name { return (title, "{ } !> { \(inferRequest) }", nil) }
            let pods = members(id)
            if map.node(id)?.role == .envoy {
                return (title, "{ \(service(pods)) } >> { \(inferRequest) }", ExemplarScope(clients: pods, servers: []))
            }
            return (title, "{ \(service(pods)) && \(inferRequest) }", ExemplarScope(clients: [], servers: pods))
        case .edge(let k):
            let title = "edge " + PodName(k.client).short + "→" + PodName(k.server).short
            if k.client == OrphanNode.name { return (title, "{ } !> { \(service(members(k.server))) && \(inferRequest) }", nil) }
            if map.node(k.client)?.isVirtual == true {
                return (title, "{ \(service(members(k.server))) && \(inferRequest) }", ExemplarScope(clients: [k.client], servers: members(k.server)))
            }
            if let m = ModelNodeID(nodeID: k.server) {
                return (title, "{ \(service(members(k.client))) && span.triton.model_name = \(quoted(m.model)) }", nil)
            }
            let clients = members(k.client), servers = members(k.server)
            return (title, "{ \(service(clients)) } >> { \(service(servers)) && \(inferRequest) }", ExemplarScope(clients: clients, servers: servers))
        }
    }

    /// `resource.service.name = "x"`, or an anchored regular expression for several pods.
    static func service(_ names: [String]) -> String {
        let unique = Array(Set(names)).sorted()
        if unique.count == 1 { return "resource.service.name = " + quoted(unique[0]) }
        let escaped = unique.map { name in name.map { "\\.+*?()|[]{}^$".contains($0) ? "\\" + String($0) : String($0) }.joined() }
        return "resource.service.name =~ " + quoted(escaped.joined(separator: "|"))
    }

    /// A TraceQL string literal.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The search for the first page, or for the next page: the traces older than every
    /// one listed (newest first), or the next slowest (slowest first).
    public func searchRequest(older: Bool) -> TraceSearchRequest {
        let listed = older ? Set(pages.joined().map(\.traceID)) : []
        let cursor = older && preset.order == .newest ? pages.joined().map(\.startUnixNano).min() : nil
        return TraceSearchRequest(
            query: query, limit: Self.pageSize, start: windowStart, end: windowEnd,
            exemplars: older || preset == .errors ? nil : exemplarScope, known: Set(traces.keys),
            olderThanUnixNano: cursor, listed: listed, order: preset.order)
    }

    /// Switches to `preset` (back to newest when it is the one shown); the caller searches
    /// again. The errors preset lists no exemplars: a slow request is not a failed one.
    mutating func choose(_ preset: TracesPreset) {
        self.preset = self.preset == preset ? .newest : preset
        query = self.preset.query(from: baseQuery)
        if self.preset == .errors { exemplars = [] }
    }

    /// Takes a query typed with `/`: it becomes the base of the presets, shown newest first.
    mutating func edit(query text: String) {
        baseQuery = text
        preset = .newest
        query = text
    }

    /// Marks search `id` as under way.
    mutating func startSearch(id: Int, older: Bool) {
        status = .searching(id: id, older: older)
        note = nil
    }

    /// No search can run (no network): the rows stay, and `reason` says why.
    mutating func searchUnavailable(_ reason: String) {
        status = .idle
        note = reason
    }

    /// Whether `id` is the search this state waits for.
    func awaits(_ id: Int) -> Bool {
        if case .searching(let waiting, _) = status { return waiting == id }
        return false
    }

    /// Takes in a search's answer: a new first page, or the next older page (hits already
    /// listed on earlier pages are left out; none new means the window holds no older traces).
    mutating func receive(_ outcome: TraceSearchOutcome, map: ServiceMap) {
        guard case .searching(_, let older) = status else { return }
        let result: TraceSearchResult
        switch outcome.result {
        case .success(let found): result = found
        case .failure(let failure):
            status = .failed(failure.message)
            return
        }
        status = .idle
        for t in result.traces { traces[t.traceID] = t }
        note = result.warnings.first
        // The cursor stays on the trace the user moved it to; otherwise it starts at the top.
        let keep = selectedRow > 0 && rows.indices.contains(selectedRow) ? rows[selectedRow].traceID : nil
        if older {
            let seen = Set(pages.joined().map(\.traceID))
            let fresh = result.hits.filter { !seen.contains($0.traceID) }
            guard !fresh.isEmpty else {
                note = "no older traces in the window"
                return
            }
            pages.append(fresh)
            page = pages.count - 1
        } else {
            pages = [result.hits]
            exemplars = result.exemplars
            page = 0
        }
        rebuildRows(map: map)
        selectedRow = (older ? nil : keep.flatMap { id in rows.firstIndex { $0.traceID == id } }) ?? 0
        scroll = 0
    }

    /// Shows the newer (`-1`) or older (`+1`) page already fetched; false when there is none.
    mutating func turnPage(_ delta: Int, map: ServiceMap) -> Bool {
        let target = page + delta
        guard pages.indices.contains(target) else { return false }
        page = target
        rebuildRows(map: map)
        selectedRow = 0
        scroll = 0
        return true
    }

    /// Holds a trace fetched by id.
    mutating func hold(_ trace: Trace) { traces[trace.traceID] = trace }

    /// Whether a page older than the one on screen has been fetched.
    public var hasOlderPage: Bool { page + 1 < pages.count }

    /// The rows of the page on screen, newest first (slowest first with that preset): each
    /// hit's requests in the selection (or the hit itself when its trace is not held), and on
    /// the first page the exemplars.
    mutating func rebuildRows(map: ServiceMap) {
        var out: [TraceRow] = []
        let exemplarIDs = Set(exemplars.map(\.traceID))
        if pages.isEmpty {
            // Listing every trace, one without an InferRequest (Envoy's spans alone) still gets its row.
            for t in traces.values { out += TraceRow.rows(of: t, for: selection, map: map, fallback: selection == nil) }
        } else {
            var listed = Set<TraceID>()
            for hit in pages[page] where listed.insert(hit.traceID).inserted {
                out += traces[hit.traceID].map { TraceRow.rows(of: $0, for: selection, map: map, fallback: true) } ?? [TraceRow(hit: hit)]
            }
            if page == 0 {
                for e in exemplars where listed.insert(e.traceID).inserted {
                    out += traces[e.traceID].map { TraceRow.rows(of: $0, for: selection, map: map, fallback: true) } ?? [TraceRow(exemplar: e)]
                }
            }
        }
        for i in out.indices where exemplarIDs.contains(out[i].traceID) { out[i].exemplar = true }
        if preset == .slowest {
            out.sort { ($0.durationNanos, $0.traceID, $0.startUnixNano) > ($1.durationNanos, $1.traceID, $1.startUnixNano) }
        } else {
            out.sort { ($0.startUnixNano, $0.traceID, $0.durationNanos) > ($1.startUnixNano, $1.traceID, $1.durationNanos) }
        }
        rows = out
    }
}
