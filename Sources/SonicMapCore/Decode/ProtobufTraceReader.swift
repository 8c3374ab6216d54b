/// Reads OTLP and Tempo protobuf trace bodies straight into the model, in one pass.
///
/// Hand-written rather than going through the generated `*.pb.swift` types, with the
/// benchmark as the reason: for a generated 100,000-span trace (32 MB of protobuf, release
/// build) the generated decoder alone takes about 0.48 s, before any conversion to the
/// model, against a budget of 0.15 s; this reader takes about 0.1 s for the whole
/// decode. The generated types remain the reference for encoding and in tests.
///
/// Fields of known messages must have the wire type OTLP gives them; unknown fields are
/// skipped. The legacy `instrumentation_library_spans` (field 1000 of ResourceSpans) is
/// read like `scope_spans`.
struct ProtobufTraceReader {
    private var w: ProtobufWire
    private var out: TraceAssembler
    private var attributeBuffer = ListBuffer<Attribute>()
    private var eventBuffer = ListBuffer<SpanEvent>()

    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, message: TraceDecoder.ProtobufMessage, spanCap: Int
    ) throws(TraceDecodeError) -> Trace {
        // About 250 bytes per span.
        var reader = ProtobufTraceReader(
            w: ProtobufWire(bytes), out: TraceAssembler(spanCap: spanCap, expectedSpans: bytes.count / 200))
        switch message {
        case .tracesData:
            try reader.tracesData()
            return try reader.out.finish(serverPartial: false, serverReason: "")
        case .traceByIDResponse:
            return try reader.traceByIDResponse()
        }
    }

    /// `TracesData`, `tempopb.Trace` or `ExportTraceServiceRequest`: field 1 is ResourceSpans.
    private mutating func tracesData() throws(TraceDecodeError) {
        while let field = try w.nextField(in: "TracesData") {
            guard field == 1 else { try w.skip(in: "TracesData"); continue }
            try w.expect(.lengthDelimited, "TracesData.resource_spans")
            let outer = try w.enter("ResourceSpans")
            try resourceSpans()
            w.leave(outer)
        }
    }

    /// Tempo v2: 1 = Trace, 2 = metrics, 3 = status (1 = PARTIAL), 4 = message.
    private mutating func traceByIDResponse() throws(TraceDecodeError) -> Trace {
        var partial = false, message = ""
        while let field = try w.nextField(in: "TraceByIDResponse") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "TraceByIDResponse.trace")
                let outer = try w.enter("TraceByIDResponse.trace")
                try tracesData()
                w.leave(outer)
            case 3:
                try w.expect(.varint, "TraceByIDResponse.status")
                partial = try w.varint(in: "TraceByIDResponse.status") == 1
            case 4:
                try w.expect(.lengthDelimited, "TraceByIDResponse.message")
                message = try string("TraceByIDResponse.message")
            default:
                try w.skip(in: "TraceByIDResponse")
            }
        }
        return try out.finish(serverPartial: partial, serverReason: message)
    }

    @inline(__always)
    private mutating func string(_ context: String) throws(TraceDecodeError) -> String {
        String(decoding: try w.lengthDelimited(in: context), as: UTF8.self)
    }

    /// One ResourceSpans; see `JSONTraceReader.resourceSpans` for the labelling.
    private mutating func resourceSpans() throws(TraceDecodeError) {
        let index = out.beginResource()
        let firstSpan = out.spans.count
        var service: String?
        while let field = try w.nextField(in: "ResourceSpans") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "ResourceSpans.resource")
                let outer = try w.enter("Resource")
                var attributes: [Attribute] = []
                while let f = try w.nextField(in: "Resource") {
                    guard f == 1 else { try w.skip(in: "Resource"); continue }
                    attributes.append(try keyValue(depth: 0))
                }
                w.leave(outer)
                out.setResourceAttributes(index, attributes)
                let name = out.resources[index].serviceName
                service = name
                if out.spans.count > firstSpan { out.setService(name, from: firstSpan) }
            case 2, 1000:
                try w.expect(.lengthDelimited, "ResourceSpans.scope_spans")
                let outer = try w.enter("ScopeSpans")
                try scopeSpans(resource: index, service: service ?? Resource(attributes: []).serviceName)
                w.leave(outer)
            default:
                try w.skip(in: "ResourceSpans")
            }
        }
    }

    private mutating func scopeSpans(resource: Int, service: String) throws(TraceDecodeError) {
        let firstSpan = out.spans.count
        var scope: String?
        while let field = try w.nextField(in: "ScopeSpans") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "ScopeSpans.scope")
                let outer = try w.enter("InstrumentationScope")
                var name = ""
                while let f = try w.nextField(in: "InstrumentationScope") {
                    guard f == 1 else { try w.skip(in: "InstrumentationScope"); continue }
                    try w.expect(.lengthDelimited, "InstrumentationScope.name")
                    name = try string("InstrumentationScope.name")
                }
                w.leave(outer)
                scope = name
                if out.spans.count > firstSpan { out.setScope(name, from: firstSpan) }
            case 2:
                try w.expect(.lengthDelimited, "ScopeSpans.spans")
                if out.isFull {
                    out.skipSpan()
                    try w.skip(in: "ScopeSpans")
                } else {
                    let outer = try w.enter("Span")
                    out.append(try span(resource: resource, service: service, scope: scope ?? ""))
                    w.leave(outer)
                }
            default:
                try w.skip(in: "ScopeSpans")
            }
        }
    }

    private mutating func span(resource: Int, service: String, scope: String) throws(TraceDecodeError) -> Span {
        var traceID = TraceID(high: 0, low: 0), spanID = SpanID(0), parent: SpanID?
        var name = "", kind = SpanKind.unspecified, start: UInt64 = 0, end: UInt64 = 0
        var status = SpanStatus.unset, statusMessage = ""
        var attributes = attributeBuffer.take(), events = eventBuffer.take()
        while let field = try w.nextField(in: "Span") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "Span.trace_id")
                let id = try w.lengthDelimited(in: "Span.trace_id")
                switch id.count {
                case 0: break
                case 16: traceID = TraceID(high: Self.bigEndian(id, at: 0), low: Self.bigEndian(id, at: 8))
                default: throw w.invalid("Span.trace_id must be 16 bytes, found \(id.count)")
                }
            case 2:
                try w.expect(.lengthDelimited, "Span.span_id")
                spanID = try self.spanID("Span.span_id")
            case 4:
                try w.expect(.lengthDelimited, "Span.parent_span_id")
                let id = try self.spanID("Span.parent_span_id")
                parent = id.value == 0 ? nil : id
            case 5:
                try w.expect(.lengthDelimited, "Span.name")
                name = try string("Span.name")
            case 6:
                try w.expect(.varint, "Span.kind")
                kind = SpanKind(otlp: Int(truncatingIfNeeded: try w.varint(in: "Span.kind")))
            case 7:
                try w.expect(.fixed64, "Span.start_time_unix_nano")
                start = try w.fixed64(in: "Span.start_time_unix_nano")
            case 8:
                try w.expect(.fixed64, "Span.end_time_unix_nano")
                end = try w.fixed64(in: "Span.end_time_unix_nano")
            case 9:
                try w.expect(.lengthDelimited, "Span.attributes")
                attributes.append(try keyValue(depth: 0))
            case 11:
                try w.expect(.lengthDelimited, "Span.events")
                events.append(try event())
            case 15:
                try w.expect(.lengthDelimited, "Span.status")
                let outer = try w.enter("Status")
                while let f = try w.nextField(in: "Status") {
                    switch f {
                    case 2:
                        try w.expect(.lengthDelimited, "Status.message")
                        statusMessage = try string("Status.message")
                    case 3:
                        try w.expect(.varint, "Status.code")
                        status = SpanStatus(otlp: Int(truncatingIfNeeded: try w.varint(in: "Status.code")))
                    default:
                        try w.skip(in: "Status")
                    }
                }
                w.leave(outer)
            default:
                try w.skip(in: "Span")
            }
        }
        return Span(
            traceID: traceID, spanID: spanID, parentSpanID: parent, name: name, kind: kind,
            startUnixNano: start, endUnixNano: end, status: status, statusMessage: statusMessage,
            attributes: attributeBuffer.finish(&attributes), events: eventBuffer.finish(&events),
            service: service, scope: scope, resource: resource)
    }

    /// An 8-byte span id; empty means zero.
    private mutating func spanID(_ context: String) throws(TraceDecodeError) -> SpanID {
        let id = try w.lengthDelimited(in: context)
        switch id.count {
        case 0: return SpanID(0)
        case 8: return SpanID(Self.bigEndian(id, at: 0))
        default: throw w.invalid("\(context) must be 8 bytes, found \(id.count)")
        }
    }

    @inline(__always)
    private static func bigEndian(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(bigEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
    }

    private mutating func event() throws(TraceDecodeError) -> SpanEvent {
        let outer = try w.enter("Span.Event")
        var event = SpanEvent(name: "", timeUnixNano: 0)
        while let field = try w.nextField(in: "Span.Event") {
            switch field {
            case 1:
                try w.expect(.fixed64, "Event.time_unix_nano")
                event.timeUnixNano = try w.fixed64(in: "Event.time_unix_nano")
            case 2:
                try w.expect(.lengthDelimited, "Event.name")
                event.name = try string("Event.name")
            case 3:
                try w.expect(.lengthDelimited, "Event.attributes")
                event.attributes.append(try keyValue(depth: 0))
            default:
                try w.skip(in: "Span.Event")
            }
        }
        w.leave(outer)
        return event
    }

    /// A KeyValue (the reader is on its length prefix).
    private mutating func keyValue(depth: Int) throws(TraceDecodeError) -> Attribute {
        try w.expect(.lengthDelimited, "KeyValue")
        let outer = try w.enter("KeyValue")
        var key = "", value = AttributeValue.string("")
        while let field = try w.nextField(in: "KeyValue") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "KeyValue.key")
                key = try string("KeyValue.key")
            case 2:
                value = try anyValue(depth: depth)
            default:
                try w.skip(in: "KeyValue")
            }
        }
        w.leave(outer)
        return Attribute(key, value)
    }

    /// An AnyValue (the reader is on its length prefix); an empty one reads as the empty
    /// string, and a `kvlist_value` is flattened to text (see `KeyValueList`).
    private mutating func anyValue(depth: Int) throws(TraceDecodeError) -> AttributeValue {
        try w.expect(.lengthDelimited, "AnyValue")
        guard depth < JSONTraceReader.maxValueDepth else {
            throw w.invalid("attribute value nested deeper than \(JSONTraceReader.maxValueDepth) levels")
        }
        let outer = try w.enter("AnyValue")
        var value = AttributeValue.string("")
        while let field = try w.nextField(in: "AnyValue") {
            switch field {
            case 1:
                try w.expect(.lengthDelimited, "AnyValue.string_value")
                value = .string(try string("AnyValue.string_value"))
            case 2:
                try w.expect(.varint, "AnyValue.bool_value")
                value = .bool(try w.varint(in: "AnyValue.bool_value") != 0)
            case 3:
                try w.expect(.varint, "AnyValue.int_value")
                value = .int(Int64(bitPattern: try w.varint(in: "AnyValue.int_value")))
            case 4:
                try w.expect(.fixed64, "AnyValue.double_value")
                value = .double(Double(bitPattern: try w.fixed64(in: "AnyValue.double_value")))
            case 5:
                try w.expect(.lengthDelimited, "AnyValue.array_value")
                let inner = try w.enter("ArrayValue")
                var values: [AttributeValue] = []
                while let f = try w.nextField(in: "ArrayValue") {
                    guard f == 1 else { try w.skip(in: "ArrayValue"); continue }
                    values.append(try anyValue(depth: depth + 1))
                }
                w.leave(inner)
                value = .array(values)
            case 6:
                try w.expect(.lengthDelimited, "AnyValue.kvlist_value")
                let inner = try w.enter("KeyValueList")
                var pairs: [Attribute] = []
                while let f = try w.nextField(in: "KeyValueList") {
                    guard f == 1 else { try w.skip(in: "KeyValueList"); continue }
                    pairs.append(try keyValue(depth: depth + 1))
                }
                w.leave(inner)
                value = KeyValueList.flatten(pairs)
            case 7:
                try w.expect(.lengthDelimited, "AnyValue.bytes_value")
                value = .bytes(Array(try w.lengthDelimited(in: "AnyValue.bytes_value")))
            default:
                try w.skip(in: "AnyValue")
            }
        }
        w.leave(outer)
        return value
    }
}
