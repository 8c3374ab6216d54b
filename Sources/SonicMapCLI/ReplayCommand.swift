import ArgumentParser
import SonicMapCore

/// `sonicmap replay FILE`: the TUI on a snapshot, with no network.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Open a snapshot (from `sonicmap export --format json` or `e` in the TUI) with no network.",
        discussion: """
            Every view works on what the snapshot holds: the map, its numbers and \
            sparklines, and the traces that were opened. The status line says REPLAY and \
            the snapshot time. Refreshing, regrouping and fetching need the network and \
            say so. The same as `sonicmap live --snapshot FILE`.
            """
    )

    @Argument(help: ArgumentHelp("The snapshot file.", valueName: "file"))
    var file: String

    @OptionGroup(title: "Display") var display: DisplayFlags

    func run() throws {
        try InteractiveRunner.replay(try SnapshotFile.read(file), display: display)
    }
}
