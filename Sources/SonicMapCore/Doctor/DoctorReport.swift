/// The outcome of `sonicmap doctor`: one check per line, the sampling estimate, and the
/// likely causes of an empty or partial map. Rendered by `DoctorReportText` and
/// `DoctorReportJSON`.
public struct DoctorReport: Equatable, Sendable {
    /// One endpoint checked.
    public struct Endpoint: Equatable, Sendable {
        /// `tempo` or `prometheus`.
        public var name: String
        /// Without credentials.
        public var url: String
        /// As the server reports it; nil when unknown.
        public var version: String?
        /// True when Tempo has no build-info endpoint and 2.1.0 was assumed, as Grafana does.
        public var versionAssumed: Bool

        public init(name: String, url: String, version: String? = nil, versionAssumed: Bool = false) {
            self.name = name
            self.url = url
            self.version = version
            self.versionAssumed = versionAssumed
        }
    }

    /// `live` (endpoints) or `demo` (the simulator).
    public var source: String
    /// Evaluation time, Unix seconds.
    public var time: Double
    public var windowSeconds: Double
    public var endpoints: [Endpoint]
    public var checks: [DoctorCheck]
    /// Every `connection_type` seen on service-graph series, in `ConnectionType` order.
    public var connectionTypes: [ConnectionType]
    /// Nil when the metrics do not allow one.
    public var sampling: SamplingEstimate?
    public var explanations: [DoctorExplanation]
    /// HTTP requests sent (0 for the demo).
    public var requests: Int

    public init(
        source: String, time: Double, windowSeconds: Double, endpoints: [Endpoint], checks: [DoctorCheck],
        connectionTypes: [ConnectionType] = [], sampling: SamplingEstimate? = nil, explanations: [DoctorExplanation] = [], requests: Int = 0
    ) {
        self.source = source
        self.time = time
        self.windowSeconds = windowSeconds
        self.endpoints = endpoints
        self.checks = checks
        self.connectionTypes = connectionTypes
        self.sampling = sampling
        self.explanations = explanations
        self.requests = requests
    }

    /// No check failed (warnings allowed): doctor exits 0.
    public var healthy: Bool { !checks.contains { $0.status == .fail } }

    /// The report with every piece of text passed through `SafeText.clean`: versions,
    /// label values and server messages come from the servers, and nothing they send may
    /// reach the terminal as an escape sequence. Both renderers print only this.
    public var sanitized: DoctorReport {
        var r = self
        r.source = SafeText.clean(source)
        r.endpoints = endpoints.map { e in
            Endpoint(name: SafeText.clean(e.name), url: SafeText.clean(e.url), version: e.version.map(SafeText.clean), versionAssumed: e.versionAssumed)
        }
        r.checks = checks.map { DoctorCheck(SafeText.clean($0.id), $0.status, SafeText.clean($0.message)) }
        r.explanations = explanations.map { e in
            var e = e
            e.finding = SafeText.clean(e.finding)
            e.action = SafeText.clean(e.action)
            return e
        }
        return r
    }

    /// The check with `id`, if it was made.
    public func check(_ id: String) -> DoctorCheck? { checks.first { $0.id == id } }
}
