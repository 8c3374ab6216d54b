import SonicMapCore

/// Everything one source of configuration says: the flags, the environment, one profile
/// of the config file, or the file's top level. Every field is optional: nil means
/// "this layer does not say", and `EffectiveConfig.resolve` takes each field from the
/// highest layer that does.
public struct ConfigLayer: Equatable, Sendable {
    /// The profile to use. Only flags (`--profile`) and the environment (`SONICMAP_PROFILE`) set it;
    /// the file names its default with `current-profile`.
    public var profile: Sourced<String>?
    public var tempo: EndpointLayer
    public var prometheus: EndpointLayer
    /// Connection settings for both endpoints; an endpoint's own settings in the same layer win.
    public var shared: ConnectionLayer
    /// Seconds.
    public var window: Sourced<Double>?
    /// Seconds.
    public var refresh: Sourced<Double>?
    /// The declared tracing sampling rate, in (0, 1].
    public var samplingRate: Sourced<Double>?
    /// Matchers added to the service-graph series (`client!="user"`).
    public var prometheusFilter: Sourced<LabelSelector>?
    /// Matchers added to the Triton and Envoy series (`release=~"supersonic"`).
    public var supersonicSelector: Sourced<LabelSelector>?
    /// Where nodes and edges turn to warning and critical.
    public var health: HealthLayer
    /// Grafana's base URL, for links to a trace or the map (`o`); never with credentials.
    public var grafana: Sourced<String>?
    /// The uid of the Tempo datasource in that Grafana.
    public var grafanaDatasource: Sourced<String>?

    public init(
        profile: Sourced<String>? = nil, tempo: EndpointLayer = EndpointLayer(), prometheus: EndpointLayer = EndpointLayer(),
        shared: ConnectionLayer = ConnectionLayer(), window: Sourced<Double>? = nil, refresh: Sourced<Double>? = nil,
        samplingRate: Sourced<Double>? = nil, prometheusFilter: Sourced<LabelSelector>? = nil,
        supersonicSelector: Sourced<LabelSelector>? = nil, health: HealthLayer = HealthLayer(),
        grafana: Sourced<String>? = nil, grafanaDatasource: Sourced<String>? = nil
    ) {
        self.profile = profile
        self.tempo = tempo
        self.prometheus = prometheus
        self.shared = shared
        self.window = window
        self.refresh = refresh
        self.samplingRate = samplingRate
        self.prometheusFilter = prometheusFilter
        self.supersonicSelector = supersonicSelector
        self.health = health
        self.grafana = grafana
        self.grafanaDatasource = grafanaDatasource
    }

    /// Tempo as this layer alone says it: its own settings over the shared ones.
    public var tempoFlattened: EndpointLayer { EndpointLayer(url: tempo.url, connection: tempo.connection.overlaid(on: shared)) }

    /// Prometheus as this layer alone says it: its own settings over the shared ones.
    public var prometheusFlattened: EndpointLayer {
        EndpointLayer(url: prometheus.url, connection: prometheus.connection.overlaid(on: shared))
    }
}
