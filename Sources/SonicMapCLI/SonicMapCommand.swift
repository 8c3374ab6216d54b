import ArgumentParser
import Foundation
import SonicMapCore

/// The `sonicmap` command: a terminal service map for SuperSONIC deployments.
struct SonicMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonicmap",
        abstract: "A live server map of a SuperSONIC (Envoy and Triton) deployment, in the terminal.",
        discussion: """
            sonicmap reads Grafana Tempo traces and Prometheus service-graph metrics and \
            shows clients, Envoy proxies and Triton pods with rate, errors and latency on every \
            node and edge.

            Try it without a cluster: `sonicmap demo`.
            Exit status: 0 success, 1 data or network failure, 2 usage or terminal problem.
            """,
        version: BuildVersion.text,
        subcommands: [
            LiveCommand.self, DemoCommand.self, ReplayCommand.self, TraceCommand.self, SearchCommand.self, ExportCommand.self, DiffCommand.self, DoctorCommand.self, ConfigCommand.self, KeysCommand.self,
        ],
        defaultSubcommand: LiveCommand.self
    )
}
