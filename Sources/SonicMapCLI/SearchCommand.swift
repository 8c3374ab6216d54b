import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapSources

/// How `sonicmap search` prints.
enum SearchFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `sonicmap search`: every trace matching a TraceQL query in a time range, newest first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "List the traces matching a TraceQL query, newest first.",
        discussion: """
            Lists every trace of the range up to --limit, newest first, however Tempo orders \
            its answers (with `with (most_recent=true)` where Tempo takes it, otherwise by \
            splitting the range). The default query is { name = "InferRequest" }: one row per \
            inference request.

            The range ends at --until (or --at, the same thing; default now) and starts \
            --window before it (default 15m), or at --since. Times are RFC 3339 \
            (2026-11-29T07:45:00Z), Unix seconds (1789999980), a UTC time of day (14:05) or relative to now (-15m). \
            With --demo a bare number is simulated seconds; with a live source a number \
            below 10^9 is refused. A range ending more than 15m ago makes Tempo read its \
            backend blocks, which may be slow: sonicmap says so on standard error.

            Sources: --tempo URL (or a profile or the environment), --demo, --snapshot FILE, \
            or --file PATH (a trace file: Tempo JSON, OTLP JSON or protobuf, an export batch \
            or the Collector file exporter's JSON lines). A snapshot or file lists every trace \
            it holds unless a QUERY or a time is given; offline queries use sonicmap's TraceQL \
            subset.

            --format json prints {"traces":[{"traceId","start","durationMs","rootService",\
            "rootName","status","statusMessage"}]}.
            """
    )

    @Argument(help: ArgumentHelp(#"TraceQL (default { name = "InferRequest" }; with --file or --snapshot, every trace)."#, valueName: "query"))
    var query: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Start of the range (RFC 3339, Unix seconds or -15m).", valueName: "time"))
    var since: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("End of the range (default now).", valueName: "time"))
    var until: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The same as --until: list as of this time (-10m, 14:05 UTC, RFC 3339 or Unix seconds).", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Length of the range before its end (default 15m); not with --since.", valueName: "duration"))
    var window: String?

    @Option(help: "Most traces listed.")
    var limit: Int = 100

    @Option(help: "Print as text or json.")
    var format: SearchFormat = .text

    @Option(help: ArgumentHelp("List the traces in a trace file instead of a source ('-' for standard input).", valueName: "path"))
    var file: String?

    @Flag(help: "Search the built-in simulated deployment.")
    var demo = false

    @Option(help: ArgumentHelp("List the traces a snapshot holds.", valueName: "file"))
    var snapshot: String?

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Source") var source: SourceFlags

    /// The default range length.
    static let defaultWindow = 15 * 60.0
    /// Simulated seconds of the demo when no time is given.
    static let demoSeconds = 120.0

    func validate() throws {
        if [demo, snapshot != nil, file != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one source: --demo, --snapshot FILE or --file PATH.")
        }
        if since != nil && window != nil {
            throw ValidationError("--since and --window both set the start of the range: give one of them.")
        }
        if until != nil && at != nil { throw ValidationError("--until and --at are the same thing: give one of them.") }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
        if let window {
            do { _ = try ConfigValue.window(window) } catch { throw ValidationError("--window: \(error.problem)") }
        }
        for (flag, text) in [("--since", since), ("--until", until), ("--at", at)] {
            guard let text else { continue }
            _ = try demo ? AtFlag.parse(text, flag: flag) : AtFlag.live(text, flag: flag)
        }
        if let query, query.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(#"the query is empty: give TraceQL such as '{ name = "InferRequest" }', or leave it out."#)
        }
    }

    func run() throws {
        let listed: (traces: [TraceSummary], notes: [String])
        if let file {
            let limit = try source.traceFileLimit()
            listed = try offline(TraceFileInput.read(file, limit: limit), what: file)
        } else if let snapshot {
            listed = try offline(SnapshotFile.read(snapshot).traces, what: snapshot)
        } else if demo {
            listed = try demoListing()
        } else {
            listed = try liveListing()
        }
        try StandardOutput.write(format == .json ? TraceListOutput.json(listed.traces) : TraceListOutput.text(listed.traces, notes: listed.notes))
    }

    private var end: TimePoint? { (until ?? at).flatMap(TimePoint.init(parsing:)) }
    private var windowSeconds: Double { window.flatMap { try? ConfigValue.window($0) } ?? Self.defaultWindow }

    /// `start…end` in Unix seconds, given the Unix seconds now; exit 2 when empty.
    private func range(now: Double, clampToNow: Bool) throws -> (Double, Double) {
        var last = end?.resolve(now: now) ?? now
        if clampToNow { last = min(last, now) }
        let first = since.flatMap(TimePoint.init(parsing:))?.resolve(now: now) ?? last - windowSeconds
        guard first < last else {
            throw CommandFailure.usage("the range is empty: it starts at \(UTCTime.rfc3339(first)) and ends at \(UTCTime.rfc3339(last)); --since must be before --until (and before now).")
        }
        return (first, last)
    }

    private func liveListing() throws -> ([TraceSummary], [String]) {
        let config = try source.resolve(display: nil)
        guard let endpoint = config.tempo else {
            throw CommandFailure.usage("no Tempo configured: give --tempo URL (or SONICMAP_TEMPO_URL, or a profile), or search --demo, --snapshot FILE or --file PATH.")
        }
        let now = Date().timeIntervalSince1970
        let (start, end) = try range(now: now, clampToNow: true)
        if let note = LookBack.tempoNote(end: end, now: now) { StandardError.write("sonicmap: note: \(note)\n") }
        do {
            let result = try TempoClient(endpoint: endpoint, http: HTTPClient())
                .list(query: query ?? LiveSource.Options.inferRequestQuery, start: start, end: end, limit: limit)
            return (result.traces, result.notes)
        } catch {
            throw CommandFailure.data(String(describing: error))
        }
    }

    private func demoListing() throws -> ([TraceSummary], [String]) {
        let epoch = DemoSource.defaultEpoch
        // Demo times are simulated seconds: a bare number is one, a date is moved onto the demo's clock.
        func simulated(_ p: TimePoint?) -> TimePoint? {
            guard let p else { return nil }
            if case .smallNumber(let s) = p { return .unix(epoch + s) }
            return p
        }
        let endPoint = simulated(end)
        let demoNow = endPoint.map { max(0, $0.resolve(now: epoch + Self.demoSeconds) - epoch) } ?? Self.demoSeconds
        let source = DemoSource(options: demoFlags.options, epoch: epoch) { demoNow }
        _ = try source.refresh(RefreshRequest(windowSeconds: windowSeconds))
        let now = epoch + demoNow
        let first = simulated(since.flatMap(TimePoint.init(parsing:)))?.resolve(now: now) ?? now - windowSeconds
        guard first < now else { throw CommandFailure.usage("the range is empty: --since must be before --until.") }
        do {
            let result = try source.searchTraces(TraceSearchRequest(query: query ?? LiveSource.Options.inferRequestQuery, limit: limit, start: first, end: now))
            return (result.hits, [])
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
    }

    /// The traces of a file or snapshot that match the query and range (every one when
    /// neither is given), newest first.
    private func offline(_ traces: [Trace], what: String) throws -> ([TraceSummary], [String]) {
        var matcher: TraceQLMatcher?
        if let query {
            do {
                matcher = try TraceQLQuery(parsing: query).matcher()
            } catch {
                throw CommandFailure.usage("\(error); offline search understands \(TraceQLQuery.subset)")
            }
        }
        var range: (Double, Double)?
        if since != nil || end != nil || window != nil {
            range = try self.range(now: Date().timeIntervalSince1970, clampToNow: false)
        }
        let kept = traces.filter { t in
            if let matcher, !matcher.matches(t) { return false }
            guard let (first, last) = range else { return true }
            let start = Double(t.startUnixNano) / 1e9
            return start >= first && start <= last
        }
        let summaries = kept.map(TraceSummary.init(summarizing:))
            .sorted { ($0.startUnixNano, $0.traceID) > ($1.startUnixNano, $1.traceID) }
        return (Array(summaries.prefix(limit)), kept.count > limit ? ["\(kept.count) traces in \(what); showing the newest \(limit) (--limit)"] : [])
    }
}
