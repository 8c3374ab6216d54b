import ArgumentParser
import Foundation
import SonicMapCore

/// The `sonicmap` command: a terminal service map for SuperSONIC deployments.
struct SonicMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonicmap",
        abstract: "A live server map of a SuperSONIC (Envoy → Triton) deployment, in the terminal.",
        discussion: """
            sonicmap reads Grafana Tempo traces and Prometheus service-graph metrics and \
            shows clients → Envoy → Triton pods with rate, errors and latency on every \
            node and edge.

            Try it without a cluster: `sonicmap demo`.
            Exit status: 0 success, 1 data or network failure, 2 usage or terminal problem.
            """,
        version: SonicMapVersion.current,
        subcommands: [
            LiveCommand.self, DemoCommand.self, ReplayCommand.self, TraceCommand.self, SearchCommand.self, ExportCommand.self, DoctorCommand.self, ConfigCommand.self,
        ],
        defaultSubcommand: LiveCommand.self
    )
}
