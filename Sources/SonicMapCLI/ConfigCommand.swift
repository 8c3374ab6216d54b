import ArgumentParser
import Foundation
import SonicMapSources

/// `sonicmap config`: the effective configuration and where it comes from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective configuration (secrets masked) or where the config file is.",
        discussion: """
            Settings come from flags, then SONICMAP_* environment variables, then the \
            profile (--profile, SONICMAP_PROFILE or current-profile), then the top level \
            of the config file, then defaults.
            """,
        subcommands: [ConfigShowCommand.self, ConfigPathCommand.self],
        defaultSubcommand: ConfigShowCommand.self
    )
}

/// `sonicmap config show [--json]`: every setting with its value and origin.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective configuration, each value with its origin; secrets masked.")

    @OptionGroup(title: "Source") var source: SourceFlags
    /// Accepted so that a `live` command line shows what it would use (--window, --refresh, --sampling-rate).
    @OptionGroup(title: "Display") var display: DisplayFlags

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let location = source.location(environment: environment)
        do {
            let file = try location.load()
            let effective = try EffectiveConfig.resolve(flags: source.layer(display: display), environment: environment, file: file)
            let report = ConfigReport(location: location, fileFound: file != nil, effective: effective, environment: environment)
            try StandardOutput.write(json ? report.json : report.text)
        } catch let error as ConfigError {
            throw CommandFailure.usage(error.description)
        }
    }
}

/// `sonicmap config path`: where the config file is looked for.
struct ConfigPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print where the config file is looked for (--config, SONICMAP_CONFIG, then XDG).")

    @Option(name: .customLong("config"), help: ArgumentHelp("Config file to report instead of the default.", valueName: "path"))
    var configPath: String?

    func run() throws {
        try StandardOutput.write(ConfigLocation.resolve(flag: configPath, environment: ProcessInfo.processInfo.environment).path + "\n")
    }
}
