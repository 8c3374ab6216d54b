/// What a span is for, as OTLP says. Drives Tempo's service-graph pairing.
public enum SpanKind: String, Sendable, Codable, CaseIterable {
    case unspecified, `internal`, server, client, producer, consumer

    /// OTLP's integer encoding (SPAN_KIND_UNSPECIFIED = 0 … CONSUMER = 5).
    public init(otlp value: Int) {
        switch value {
        case 1: self = .internal
        case 2: self = .server
        case 3: self = .client
        case 4: self = .producer
        case 5: self = .consumer
        default: self = .unspecified
        }
    }

    public var otlpValue: Int {
        switch self {
        case .unspecified: 0
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }
}

/// A span's outcome: `unset` unless the instrumentation said otherwise.
public enum SpanStatus: String, Sendable, Codable {
    case unset, ok, error

    public init(otlp value: Int) {
        switch value {
        case 1: self = .ok
        case 2: self = .error
        default: self = .unset
        }
    }

    public var otlpValue: Int {
        switch self {
        case .unset: 0
        case .ok: 1
        case .error: 2
        }
    }
}

/// A typed attribute value, as OTLP's AnyValue carries it.
public enum AttributeValue: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case array([AttributeValue])
    case bytes([UInt8])

    /// The value as plain text, for display and matching.
    public var text: String {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .array(let a): "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .bytes(let b): Base64.encode(b)
        }
    }
}

/// One key-value attribute.
public struct Attribute: Equatable, Sendable {
    public var key: String
    public var value: AttributeValue

    public init(_ key: String, _ value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

extension [Attribute] {
    /// The value of the first attribute named `key`.
    public subscript(key: String) -> AttributeValue? {
        first(where: { $0.key == key })?.value
    }
}

/// A timestamped event inside a span (Triton's QUEUE_START, COMPUTE_END …).
public struct SpanEvent: Equatable, Sendable {
    public var name: String
    public var timeUnixNano: UInt64
    public var attributes: [Attribute]

    public init(name: String, timeUnixNano: UInt64, attributes: [Attribute] = []) {
        self.name = name
        self.timeUnixNano = timeUnixNano
        self.attributes = attributes
    }
}

/// One span, with the service and scope it came from.
public struct Span: Equatable, Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var parentSpanID: SpanID?
    public var name: String
    public var kind: SpanKind
    public var startUnixNano: UInt64
    public var endUnixNano: UInt64
    public var status: SpanStatus
    public var statusMessage: String
    public var attributes: [Attribute]
    public var events: [SpanEvent]
    /// `service.name` of the span's resource.
    public var service: String
    /// Instrumentation scope name (`envoy`, `triton-server` …).
    public var scope: String
    /// Index into the owning trace's `resources`.
    public var resource: Int

    public init(
        traceID: TraceID, spanID: SpanID, parentSpanID: SpanID?, name: String, kind: SpanKind,
        startUnixNano: UInt64, endUnixNano: UInt64, status: SpanStatus = .unset, statusMessage: String = "",
        attributes: [Attribute] = [], events: [SpanEvent] = [], service: String, scope: String = "", resource: Int = 0
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.kind = kind
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
        self.status = status
        self.statusMessage = statusMessage
        self.attributes = attributes
        self.events = events
        self.service = service
        self.scope = scope
        self.resource = resource
    }

    /// Duration in nanoseconds; zero when the end precedes the start.
    public var durationNanos: UInt64 { endUnixNano >= startUnixNano ? endUnixNano - startUnixNano : 0 }

    /// Time of the first event called `name`.
    public func eventTime(_ name: String) -> UInt64? {
        events.first(where: { $0.name == name })?.timeUnixNano
    }
}

/// A resource: the process that produced spans.
public struct Resource: Equatable, Sendable {
    public var attributes: [Attribute]

    public init(attributes: [Attribute]) { self.attributes = attributes }

    public var serviceName: String {
        if case .string(let s)? = attributes["service.name"] { return s }
        return "unknown_service"
    }
}

/// A whole trace: its spans and the resources they point at.
public struct Trace: Equatable, Sendable {
    public var traceID: TraceID
    public var spans: [Span]
    public var resources: [Resource]
    /// Tempo said the trace is incomplete (v2 `status: PARTIAL`), or the span cap was hit.
    public var partial: Bool
    public var partialReason: String

    public init(traceID: TraceID, spans: [Span], resources: [Resource], partial: Bool = false, partialReason: String = "") {
        self.traceID = traceID
        self.spans = spans
        self.resources = resources
        self.partial = partial
        self.partialReason = partialReason
    }

    public var startUnixNano: UInt64 { spans.map(\.startUnixNano).min() ?? 0 }
    public var endUnixNano: UInt64 { spans.map(\.endUnixNano).max() ?? 0 }
}
