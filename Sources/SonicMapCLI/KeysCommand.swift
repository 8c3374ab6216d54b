import ArgumentParser
import SonicMapUI

/// `sonicmap keys`: every key binding of every view, from the table that dispatches them.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List every key binding of every view, and the : commands.",
        discussion: """
            Printed from the same table the TUI dispatches keys with, so it is always what \
            the keys do. --format markdown is the README's key table; json is \
            {"bindings":[{"view","keys":[…],"help"}],"commands":[{"command","help"}]}.
            """
    )

    @Option(help: ArgumentHelp("text, markdown or json.", valueName: "format"))
    var format: KeyListing.Format = .text

    func run() throws {
        try StandardOutput.write(KeyListing.render(format))
    }
}

extension KeyListing.Format: ExpressibleByArgument {}
