/// Reads every JSON form of a trace in one pass, straight into the model:
/// - Tempo v1 `{"batches":[ResourceSpans…]}`;
/// - Tempo v2 `{"trace":{"resourceSpans":[…]},"status":"PARTIAL","message":…}`;
/// - OTLP JSON `{"resourceSpans":[…]}`, as the Collector and Tempo's jsonpb write it.
///
/// Within them it accepts both dialects field by field: ids in hex or base64, int64 as
/// strings or numbers, enums as names or integers, `scopeSpans` or the legacy
/// `instrumentationLibrarySpans` with `scope` or `instrumentationLibrary`, and missing
/// keys or `null` as zero values. Unknown keys are skipped.
struct JSONTraceReader {
    private var c: JSONCursor
    private var out: TraceAssembler
    private var attributeBuffer = ListBuffer<Attribute>()
    private var eventBuffer = ListBuffer<SpanEvent>()

    /// Attribute values nest (arrays of arrays, lists of lists) at most this deep.
    static let maxValueDepth = 32

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, spanCap: Int) throws(TraceDecodeError) -> Trace {
        // About 500 bytes per span in either JSON form.
        var reader = JSONTraceReader(
            c: JSONCursor(bytes), out: TraceAssembler(spanCap: spanCap, expectedSpans: bytes.count / 400))
        return try reader.document()
    }

    private mutating func document() throws(TraceDecodeError) -> Trace {
        guard try c.peek(inside: "the document") == UInt8(ascii: "{") else {
            throw .notATrace("expected a JSON object, found \(c.found)")
        }
        try c.beginObject("the document")
        var sawTrace = false, partial = false, message = ""
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("batches") || key.is("resourceSpans") {
                sawTrace = true
                try resourceSpansList(key.is("batches") ? "'batches'" : "'resourceSpans'")
            } else if key.is("trace") {
                sawTrace = true
                if try !c.skipNull() { try traceObject() }
            } else if key.is("status") {
                partial = try partialStatus()
            } else if key.is("message") {
                if try !c.skipNull() { message = try c.string("'message'") }
            } else {
                try c.skipValue()
            }
        }
        c.skipSpace()
        guard c.offset == c.bytes.count else {
            throw .invalidJSON(offset: c.offset, message: "expected the end of input after the JSON object, found \(c.found)")
        }
        guard sawTrace else { throw .notATrace("JSON object has neither 'batches', 'resourceSpans' nor 'trace'") }
        return try out.finish(serverPartial: partial, serverReason: message)
    }

    /// Tempo v2's `trace` member: `{"resourceSpans":[…]}`, or `{}` for an unknown id.
    private mutating func traceObject() throws(TraceDecodeError) {
        try c.beginObject("'trace'")
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("resourceSpans") || key.is("batches") {
                try resourceSpansList(key.is("batches") ? "'batches'" : "'resourceSpans'")
            } else {
                try c.skipValue()
            }
        }
    }

    /// Tempo v2's `status`: `"PARTIAL"` (or 1) means the trace is incomplete.
    private mutating func partialStatus() throws(TraceDecodeError) -> Bool {
        if try c.skipNull() { return false }
        if try c.peek(inside: "'status'") == UInt8(ascii: "\"") {
            return try c.string("'status'") == "PARTIAL"
        }
        return try c.int64("'status'") == 1
    }

    /// `field` is the member's name as the input spells it, for errors.
    private mutating func resourceSpansList(_ field: String) throws(TraceDecodeError) {
        if try c.skipNull() { return }
        try c.beginArray(field)
        var first = true
        while try c.nextElement(&first) {
            if try c.skipNull() { continue }
            try resourceSpans()
        }
    }

    /// One ResourceSpans. Its spans are labelled with the resource's `service.name`,
    /// patched afterwards when `resource` comes after `scopeSpans` in the object.
    private mutating func resourceSpans() throws(TraceDecodeError) {
        try c.beginObject("a resourceSpans element")
        let index = out.beginResource()
        let firstSpan = out.spans.count
        var service: String?
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("scopeSpans") || key.is("instrumentationLibrarySpans") {
                try scopeSpansList(resource: index, service: service ?? Resource(attributes: []).serviceName)
            } else if key.is("resource") {
                out.setResourceAttributes(index, try resource())
                let name = out.resources[index].serviceName
                service = name
                if out.spans.count > firstSpan { out.setService(name, from: firstSpan) }
            } else {
                try c.skipValue()
            }
        }
    }

    private mutating func resource() throws(TraceDecodeError) -> [Attribute] {
        if try c.skipNull() { return [] }
        try c.beginObject("'resource'")
        var attributes: [Attribute] = []
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("attributes") {
                attributes = try attributeList()
            } else {
                try c.skipValue()
            }
        }
        return attributes
    }

    private mutating func scopeSpansList(resource: Int, service: String) throws(TraceDecodeError) {
        if try c.skipNull() { return }
        try c.beginArray("'scopeSpans'")
        var first = true
        while try c.nextElement(&first) {
            if try c.skipNull() { continue }
            try scopeSpans(resource: resource, service: service)
        }
    }

    private mutating func scopeSpans(resource: Int, service: String) throws(TraceDecodeError) {
        try c.beginObject("a scopeSpans element")
        let firstSpan = out.spans.count
        var scope: String?
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("spans") {
                try spanList(resource: resource, service: service, scope: scope ?? "")
            } else if key.is("scope") || key.is("instrumentationLibrary") {
                let name = try scopeName()
                scope = name
                if out.spans.count > firstSpan { out.setScope(name, from: firstSpan) }
            } else {
                try c.skipValue()
            }
        }
    }

    private mutating func scopeName() throws(TraceDecodeError) -> String {
        if try c.skipNull() { return "" }
        try c.beginObject("'scope'")
        var name = ""
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("name"), try !c.skipNull() {
                name = try c.string("the scope's 'name'")
            } else {
                try c.skipValue()
            }
        }
        return name
    }

    private mutating func spanList(resource: Int, service: String, scope: String) throws(TraceDecodeError) {
        if try c.skipNull() { return }
        try c.beginArray("'spans'")
        var first = true
        while try c.nextElement(&first) {
            if out.isFull {
                out.skipSpan()
                try c.skipValue()
            } else if try !c.skipNull() {
                out.append(try span(resource: resource, service: service, scope: scope))
            }
        }
    }

    private mutating func span(resource: Int, service: String, scope: String) throws(TraceDecodeError) -> Span {
        try c.beginObject("a span")
        var traceID = TraceID(high: 0, low: 0), spanID = SpanID(0), parent: SpanID?
        var name = "", kind = SpanKind.unspecified, start: UInt64 = 0, end: UInt64 = 0
        var status = SpanStatus.unset, statusMessage = ""
        var attributes: [Attribute] = [], events: [SpanEvent] = []
        var first = true
        while let key = try c.nextKey(&first) {
            if try c.skipNull() { continue }
            if key.is("traceId") {
                traceID = try self.traceID()
            } else if key.is("spanId") {
                spanID = try self.spanID("'spanId'")
            } else if key.is("parentSpanId") {
                let id = try self.spanID("'parentSpanId'")
                parent = id.value == 0 ? nil : id
            } else if key.is("name") {
                name = try c.string("the span's 'name'")
            } else if key.is("kind") {
                kind = try spanKind()
            } else if key.is("startTimeUnixNano") {
                start = try c.uint64("'startTimeUnixNano'")
            } else if key.is("endTimeUnixNano") {
                end = try c.uint64("'endTimeUnixNano'")
            } else if key.is("attributes") {
                attributes = try attributeList()
            } else if key.is("events") {
                events = try eventList()
            } else if key.is("status") {
                (status, statusMessage) = try spanStatus()
            } else {
                try c.skipValue()
            }
        }
        return Span(
            traceID: traceID, spanID: spanID, parentSpanID: parent, name: name, kind: kind,
            startUnixNano: start, endUnixNano: end, status: status, statusMessage: statusMessage,
            attributes: attributes, events: events, service: service, scope: scope, resource: resource)
    }

    private mutating func traceID() throws(TraceDecodeError) -> TraceID {
        c.skipSpace()
        let at = c.offset
        guard let id = try c.withStringBytes("'traceId'", IDText.traceID) else {
            throw .invalidJSON(offset: at, message: "'traceId' must be up to 32 hex digits or base64 of 16 bytes")
        }
        return id
    }

    private mutating func spanID(_ field: String) throws(TraceDecodeError) -> SpanID {
        c.skipSpace()
        let at = c.offset
        guard let id = try c.withStringBytes(field, IDText.spanID) else {
            throw .invalidJSON(offset: at, message: "\(field) must be up to 16 hex digits or base64 of 8 bytes")
        }
        return id
    }

    /// `"SPAN_KIND_SERVER"` or `2`; unknown names and numbers read as unspecified.
    private mutating func spanKind() throws(TraceDecodeError) -> SpanKind {
        guard try c.peek(inside: "'kind'") == UInt8(ascii: "\"") else {
            return SpanKind(otlp: Int(try c.int64("'kind'")))
        }
        return try c.withStringBytes("'kind'") { name -> SpanKind in
            let k = JSONKey(name)
            if k.is("SPAN_KIND_SERVER") { return .server }
            if k.is("SPAN_KIND_CLIENT") { return .client }
            if k.is("SPAN_KIND_INTERNAL") { return .internal }
            if k.is("SPAN_KIND_PRODUCER") { return .producer }
            if k.is("SPAN_KIND_CONSUMER") { return .consumer }
            return .unspecified
        }
    }

    /// `{"code":"STATUS_CODE_ERROR"|2,"message":…}`; `{}` is unset.
    private mutating func spanStatus() throws(TraceDecodeError) -> (SpanStatus, String) {
        try c.beginObject("'status'")
        var status = SpanStatus.unset, message = ""
        var first = true
        while let key = try c.nextKey(&first) {
            if try c.skipNull() { continue }
            if key.is("code") {
                if try c.peek(inside: "'code'") == UInt8(ascii: "\"") {
                    status = try c.withStringBytes("'code'") { name -> SpanStatus in
                        let k = JSONKey(name)
                        return k.is("STATUS_CODE_ERROR") ? .error : k.is("STATUS_CODE_OK") ? .ok : .unset
                    }
                } else {
                    status = SpanStatus(otlp: Int(try c.int64("'code'")))
                }
            } else if key.is("message") {
                message = try c.string("the status 'message'")
            } else {
                try c.skipValue()
            }
        }
        return (status, message)
    }

    private mutating func eventList() throws(TraceDecodeError) -> [SpanEvent] {
        try c.beginArray("'events'")
        var events = eventBuffer.take()
        var first = true
        while try c.nextElement(&first) {
            if try c.skipNull() { continue }
            try c.beginObject("an event")
            var event = SpanEvent(name: "", timeUnixNano: 0)
            var firstKey = true
            while let key = try c.nextKey(&firstKey) {
                if try c.skipNull() { continue }
                if key.is("timeUnixNano") {
                    event.timeUnixNano = try c.uint64("the event's 'timeUnixNano'")
                } else if key.is("name") {
                    event.name = try c.string("the event's 'name'")
                } else if key.is("attributes") {
                    event.attributes = try attributeList()
                } else {
                    try c.skipValue()
                }
            }
            events.append(event)
        }
        return eventBuffer.finish(&events)
    }

    private mutating func attributeList(depth: Int = 0) throws(TraceDecodeError) -> [Attribute] {
        if try c.skipNull() { return [] }
        try c.beginArray("'attributes'")
        var attributes = attributeBuffer.take()
        var first = true
        while try c.nextElement(&first) {
            if try c.skipNull() { continue }
            try c.beginObject("an attribute")
            var key = "", value = AttributeValue.string("")
            var firstKey = true
            while let k = try c.nextKey(&firstKey) {
                if try c.skipNull() { continue }
                if k.is("key") {
                    key = try c.string("an attribute's 'key'")
                } else if k.is("value") {
                    value = try anyValue(depth: depth)
                } else {
                    try c.skipValue()
                }
            }
            attributes.append(Attribute(key, value))
        }
        return attributeBuffer.finish(&attributes)
    }

    /// An OTLP AnyValue. An empty object reads as the empty string; a `kvlistValue`
    /// is flattened to text (see `KeyValueList`).
    private mutating func anyValue(depth: Int) throws(TraceDecodeError) -> AttributeValue {
        guard depth < Self.maxValueDepth else {
            throw .invalidJSON(offset: c.offset, message: "attribute value nested deeper than \(Self.maxValueDepth) levels")
        }
        try c.beginObject("an attribute 'value'")
        var value = AttributeValue.string("")
        var first = true
        while let key = try c.nextKey(&first) {
            if try c.skipNull() { continue }
            if key.is("stringValue") {
                value = .string(try c.string("'stringValue'"))
            } else if key.is("intValue") {
                value = .int(try c.int64("'intValue'"))
            } else if key.is("boolValue") {
                value = .bool(try c.bool("'boolValue'"))
            } else if key.is("doubleValue") {
                value = .double(try c.double("'doubleValue'"))
            } else if key.is("arrayValue") {
                value = .array(try arrayValue(depth: depth + 1))
            } else if key.is("kvlistValue") {
                value = KeyValueList.flatten(try kvlistValue(depth: depth + 1))
            } else if key.is("bytesValue") {
                c.skipSpace()
                let at = c.offset
                guard let bytes = Base64.decode(try c.string("'bytesValue'")) else {
                    throw .invalidJSON(offset: at, message: "'bytesValue' must be base64")
                }
                value = .bytes(bytes)
            } else {
                try c.skipValue()
            }
        }
        return value
    }

    /// `{"values":[AnyValue…]}`.
    private mutating func arrayValue(depth: Int) throws(TraceDecodeError) -> [AttributeValue] {
        try c.beginObject("'arrayValue'")
        var values: [AttributeValue] = []
        var first = true
        while let key = try c.nextKey(&first) {
            guard key.is("values"), try !c.skipNull() else { try c.skipValue(); continue }
            try c.beginArray("'values'")
            var firstValue = true
            while try c.nextElement(&firstValue) {
                values.append(try c.skipNull() ? .string("") : anyValue(depth: depth))
            }
        }
        return values
    }

    /// `{"values":[KeyValue…]}`.
    private mutating func kvlistValue(depth: Int) throws(TraceDecodeError) -> [Attribute] {
        try c.beginObject("'kvlistValue'")
        var pairs: [Attribute] = []
        var first = true
        while let key = try c.nextKey(&first) {
            if key.is("values") {
                pairs = try attributeList(depth: depth)
            } else {
                try c.skipValue()
            }
        }
        return pairs
    }
}
