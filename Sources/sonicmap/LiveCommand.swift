import ArgumentParser
import Foundation
import SonicMapSources

/// `sonicmap live`: the map of a real deployment (the default command).
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Show the live map (the default command).",
        discussion: """
            Give exactly one source. --demo runs the built-in simulated deployment \
            (the same as `sonicmap demo`).
            """
    )

    @Flag(help: "Use the built-in simulated deployment.")
    var demo = false

    @OptionGroup(title: "Simulation (with --demo)") var demoFlags: DemoFlags
    @OptionGroup(title: "Display") var display: DisplayFlags

    func run() throws {
        guard demo else {
            throw CommandFailure.usage("""
                no data source configured.
                  Try the built-in simulated deployment:  sonicmap demo
                  or give one with:                       sonicmap live --demo
                """)
        }
        try InteractiveRunner.run(source: DemoSource.live(options: demoFlags.options), display: display)
    }
}
