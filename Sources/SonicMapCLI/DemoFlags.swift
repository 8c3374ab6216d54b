import ArgumentParser
import SonicMapSources

extension EnvoySpanShape: ExpressibleByArgument {}

/// Options of the built-in simulated deployment.
struct DemoFlags: ParsableArguments {
    @Option(help: "Random seed; the same seed gives the same run.")
    var seed: UInt64 = 1

    @Option(help: "True requests per second arriving at Envoy.")
    var rate: Double = 400

    @Option(help: "Envoy's tracing sampling rate, 0…1.")
    var envoySampling: Double = 0.01

    @Option(help: "Envoy span shape: 'supersonic' (ingress rewritten to CLIENT by SuperSONIC's collector) or 'raw' (Envoy's own SERVER ingress plus a CLIENT egress span).")
    var envoySpans: EnvoySpanShape = .supersonic

    func validate() throws {
        guard rate > 0, rate <= 100_000 else { throw ValidationError("--rate must be between 0 and 100000 requests per second.") }
        guard envoySampling > 0, envoySampling <= 1 else { throw ValidationError("--envoy-sampling must be in (0, 1], for example 0.01.") }
    }

    var options: DemoOptions {
        DemoOptions(seed: seed, rate: rate, envoySampling: envoySampling, envoySpans: envoySpans)
    }
}
