import ArgumentParser
import Foundation
import SonicMapCore
import SonicMapTerminal

/// `sonicmap diff A.json B.json`: what changed between two snapshots.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two snapshots: per edge and node, rate, errors and latency before and after.",
        discussion: """
            Both files come from `sonicmap export --format json` (or `e` in the TUI), for \
            example one taken with `--at -1h` and one now. Lists the nodes and edges that \
            appeared or vanished, then every edge and node in both with its rate, error ratio, \
            p50, p95 and p99 before → after, the largest relative change of the five first (a \
            terminal too narrow for them gets p95 alone, and says so). Latency is compared on \
            the same side: an edge's server side, a node's incoming side (or outgoing, for a \
            node that only sends). On a terminal, worse figures are red and better ones green \
            (NO_COLOR turns colour off).

            JSON: {"before", "after", "edges":[{"client","server","rate":{"before","after","delta"}, \
            "errorRatio", "p50Ms", "p95Ms", "p99Ms"}], "nodes":[{"id","role","side",…}], \
            "added":[…], "removed":[…]}.
            """
    )

    @Argument(help: ArgumentHelp("The earlier snapshot.", valueName: "before.json"))
    var before: String

    @Argument(help: ArgumentHelp("The later snapshot.", valueName: "after.json"))
    var after: String

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: DiffFormat = .text

    func run() throws {
        let (a, b) = (try SnapshotFile.read(before), try SnapshotFile.read(after))
        let diff = SnapshotDiff.compare(a, b)
        let origins = (SnapshotDiffText.Origin(name: before, dataTime: a.meta.dataTime), SnapshotDiffText.Origin(name: after, dataTime: b.meta.dataTime))
        switch format {
        case .json:
            try StandardOutput.write(SnapshotDiffJSON.render(diff, before: origins.0, after: origins.1))
        case .text:
            let labels = Dictionary((a.nodes + b.nodes).map { ($0.id, $0.label) }, uniquingKeysWith: { _, new in new })
            let environment = ProcessInfo.processInfo.environment
            let colour = isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
            try StandardOutput.write(SnapshotDiffText.render(
                diff, before: origins.0, after: origins.1, labels: labels, colour: colour, width: TerminalSize.columns()))
        }
    }
}

/// `sonicmap diff --format`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
