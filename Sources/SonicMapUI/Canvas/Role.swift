/// A semantic drawing role. Widgets never pick colours: they tag each cell with a role,
/// and a `Theme` maps roles to colours in the backend that draws the canvas.
public enum Role: UInt8, CaseIterable, Sendable, Codable {
    case text
    case muted
    case border
    case title
    case selection
    case breadcrumb
    case statusBar
    case statusOK
    case statusWarn
    case statusError
    case key
    case nodeEnvoy
    case nodeTriton
    case nodeVirtual
    case nodeDatabase
    case nodeOther
    case nodeModel
    case edge
    case edgeOrphan
    case edgeSelected
    case healthOK
    case healthWarn
    case healthBad
    case healthUnknown
    case latency0
    case latency1
    case latency2
    case latency3
    case latency4
    case phaseProxy
    case phaseNetwork
    case phaseRequest
    case phaseQueue
    case phaseInput
    case phaseInfer
    case phaseOutput
    case phaseOther
    case error
    case warning
    case estimate

    /// The name used in theme files.
    public var name: String {
        switch self {
        case .text: "text"
        case .muted: "muted"
        case .border: "border"
        case .title: "title"
        case .selection: "selection"
        case .breadcrumb: "breadcrumb"
        case .statusBar: "status-bar"
        case .statusOK: "status-ok"
        case .statusWarn: "status-warn"
        case .statusError: "status-error"
        case .key: "key"
        case .nodeEnvoy: "node-envoy"
        case .nodeTriton: "node-triton"
        case .nodeVirtual: "node-virtual"
        case .nodeDatabase: "node-database"
        case .nodeOther: "node-other"
        case .nodeModel: "node-model"
        case .edge: "edge"
        case .edgeOrphan: "edge-orphan"
        case .edgeSelected: "edge-selected"
        case .healthOK: "health-ok"
        case .healthWarn: "health-warn"
        case .healthBad: "health-bad"
        case .healthUnknown: "health-unknown"
        case .latency0: "latency-0"
        case .latency1: "latency-1"
        case .latency2: "latency-2"
        case .latency3: "latency-3"
        case .latency4: "latency-4"
        case .phaseProxy: "phase-proxy"
        case .phaseNetwork: "phase-network"
        case .phaseRequest: "phase-request"
        case .phaseQueue: "phase-queue"
        case .phaseInput: "phase-input"
        case .phaseInfer: "phase-infer"
        case .phaseOutput: "phase-output"
        case .phaseOther: "phase-other"
        case .error: "error"
        case .warning: "warning"
        case .estimate: "estimate"
        }
    }
}
