/// Everything the endpoints answered to one diagnosis, request by request: the input of
/// `DoctorDiagnosis`. Sources fills it in; tests build it by hand.
public struct DoctorAnswers: Equatable, Sendable {
    /// What Tempo answered.
    public struct Tempo: Equatable, Sendable {
        /// The base URL, without credentials.
        public var url: String
        /// The `X-Scope-OrgID` sent, if any (a tenant is not a secret).
        public var tenant: String?
        /// Where the configured credentials come from (`bearer token from env:NAME`), never
        /// their value; nil when none are configured.
        public var credentials: String?
        /// `/api/status/buildinfo`; a 404 is already `TempoBuildInfo.assumedWhenMissing`.
        public var buildInfo: Result<TempoBuildInfo, DoctorFailure>
        /// The search for `DoctorQueries.inferRequestSearch` over the window.
        public var inferRequestSearch: Result<[TraceSummary], DoctorFailure>
        /// The search for any trace over the window.
        public var anySearch: Result<[TraceSummary], DoctorFailure>
        /// The newest traces found, fetched in full (at most `DoctorQueries.traceFetchLimit`).
        public var traces: [Trace]
        /// Fetches of those traces that failed.
        public var traceFailures: [DoctorFailure]

        public init(
            url: String, tenant: String? = nil, credentials: String? = nil, buildInfo: Result<TempoBuildInfo, DoctorFailure>,
            inferRequestSearch: Result<[TraceSummary], DoctorFailure>, anySearch: Result<[TraceSummary], DoctorFailure>,
            traces: [Trace] = [], traceFailures: [DoctorFailure] = []
        ) {
            self.url = url
            self.tenant = tenant
            self.credentials = credentials
            self.buildInfo = buildInfo
            self.inferRequestSearch = inferRequestSearch
            self.anySearch = anySearch
            self.traces = traces
            self.traceFailures = traceFailures
        }
    }

    /// What Prometheus answered.
    public struct Prometheus: Equatable, Sendable {
        public var url: String
        public var tenant: String?
        public var credentials: String?
        /// `/api/v1/status/buildinfo`.
        public var buildInfo: Result<PrometheusBuildInfo, DoctorFailure>
        /// One answer per `DoctorQueryID`; a missing id counts as not asked.
        public var queries: [DoctorQueryID: Result<PrometheusResult, DoctorFailure>]
        /// `query_exemplars` on `DoctorQueries.exemplarSelector` over the window.
        public var exemplars: Result<[PrometheusExemplarSeries], DoctorFailure>

        public init(
            url: String, tenant: String? = nil, credentials: String? = nil, buildInfo: Result<PrometheusBuildInfo, DoctorFailure>,
            queries: [DoctorQueryID: Result<PrometheusResult, DoctorFailure>],
            exemplars: Result<[PrometheusExemplarSeries], DoctorFailure>
        ) {
            self.url = url
            self.tenant = tenant
            self.credentials = credentials
            self.buildInfo = buildInfo
            self.queries = queries
            self.exemplars = exemplars
        }
    }

    /// Evaluation time, Unix seconds.
    public var time: Double
    public var windowSeconds: Double
    /// The service-graph filter the map uses (explanations mention it).
    public var serviceGraphFilter: LabelSelector
    /// Nil when not configured.
    public var tempo: Tempo?
    public var prometheus: Prometheus?
    /// HTTP requests the diagnosis sent.
    public var requests: Int

    public init(
        time: Double, windowSeconds: Double, serviceGraphFilter: LabelSelector = LabelSelector(), tempo: Tempo?, prometheus: Prometheus?,
        requests: Int = 0
    ) {
        self.time = time
        self.windowSeconds = windowSeconds
        self.serviceGraphFilter = serviceGraphFilter
        self.tempo = tempo
        self.prometheus = prometheus
        self.requests = requests
    }
}
