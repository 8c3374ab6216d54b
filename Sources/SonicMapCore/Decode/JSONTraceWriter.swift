/// Writes a trace as JSON in one of the two dialects `TraceDecoder` reads.
struct JSONTraceWriter {
    enum Dialect {
        /// Tempo v1 (gogo jsonpb): `batches`, base64 ids, enum names, roots without `parentSpanId`.
        case tempo
        /// OTLP JSON (Collector): `resourceSpans`, hex ids, integer enums, `"parentSpanId":""` on roots.
        case otlp
    }

    let dialect: Dialect

    func write(_ trace: Trace) -> [UInt8] {
        var w = JSONWriter(capacity: trace.spans.count * 600 + 64)
        w.raw(dialect == .tempo ? "{\"batches\":[" : "{\"resourceSpans\":[")
        for (g, group) in TraceEncoder.groups(trace).enumerated() {
            if g > 0 { w.raw(",") }
            w.raw("{\"resource\":{\"attributes\":")
            attributes(trace.resources[group.resource].attributes, &w)
            w.raw("},\"scopeSpans\":[")
            for (s, scope) in group.scopes.enumerated() {
                if s > 0 { w.raw(",") }
                w.raw("{\"scope\":{")
                if !scope.name.isEmpty {
                    w.raw("\"name\":")
                    w.string(scope.name)
                }
                w.raw("},\"spans\":[")
                for (k, i) in scope.spans.enumerated() {
                    if k > 0 { w.raw(",") }
                    span(trace.spans[i], &w)
                }
                w.raw("]}")
            }
            w.raw("]}")
        }
        w.raw("]}")
        return w.bytes
    }

    private func span(_ s: Span, _ w: inout JSONWriter) {
        w.raw("{\"traceId\":")
        traceID(s.traceID, &w)
        w.raw(",\"spanId\":")
        spanID(s.spanID, &w)
        if let parent = s.parentSpanID {
            w.raw(",\"parentSpanId\":")
            spanID(parent, &w)
        } else if dialect == .otlp {
            w.raw(",\"parentSpanId\":\"\"")
        }
        w.raw(",\"name\":")
        w.string(s.name)
        if s.kind != .unspecified {
            w.raw(",\"kind\":")
            switch dialect {
            case .tempo: w.raw(Self.kindNames[s.kind.otlpValue])
            case .otlp: w.decimal(Int64(s.kind.otlpValue))
            }
        }
        w.raw(",\"startTimeUnixNano\":")
        w.quoted(s.startUnixNano)
        w.raw(",\"endTimeUnixNano\":")
        w.quoted(s.endUnixNano)
        if !s.attributes.isEmpty {
            w.raw(",\"attributes\":")
            attributes(s.attributes, &w)
        }
        if !s.events.isEmpty {
            w.raw(",\"events\":[")
            for (i, e) in s.events.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"timeUnixNano\":")
                w.quoted(e.timeUnixNano)
                w.raw(",\"name\":")
                w.string(e.name)
                if !e.attributes.isEmpty {
                    w.raw(",\"attributes\":")
                    attributes(e.attributes, &w)
                }
                w.raw("}")
            }
            w.raw("]")
        }
        w.raw(",\"status\":{")
        if s.status != .unset {
            w.raw("\"code\":")
            switch dialect {
            case .tempo: w.raw(s.status == .error ? "\"STATUS_CODE_ERROR\"" : "\"STATUS_CODE_OK\"")
            case .otlp: w.decimal(Int64(s.status.otlpValue))
            }
        }
        if !s.statusMessage.isEmpty {
            if s.status != .unset { w.raw(",") }
            w.raw("\"message\":")
            w.string(s.statusMessage)
        }
        w.raw("}}")
    }

    private static let kindNames: [StaticString] = [
        "\"SPAN_KIND_UNSPECIFIED\"", "\"SPAN_KIND_INTERNAL\"", "\"SPAN_KIND_SERVER\"",
        "\"SPAN_KIND_CLIENT\"", "\"SPAN_KIND_PRODUCER\"", "\"SPAN_KIND_CONSUMER\"",
    ]

    private func traceID(_ id: TraceID, _ w: inout JSONWriter) {
        switch dialect {
        case .tempo: w.quotedBase64(id.bytes)
        case .otlp:
            w.raw("\"")
            w.hex(id.high, digits: 16)
            w.hex(id.low, digits: 16)
            w.raw("\"")
        }
    }

    private func spanID(_ id: SpanID, _ w: inout JSONWriter) {
        switch dialect {
        case .tempo: w.quotedBase64(id.bytes)
        case .otlp: w.quotedHex(id.value, digits: 16)
        }
    }

    private func attributes(_ list: [Attribute], _ w: inout JSONWriter) {
        w.raw("[")
        for (i, a) in list.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"key\":")
            w.string(a.key)
            w.raw(",\"value\":")
            value(a.value, &w)
            w.raw("}")
        }
        w.raw("]")
    }

    private func value(_ v: AttributeValue, _ w: inout JSONWriter) {
        switch v {
        case .string(let s):
            w.raw("{\"stringValue\":")
            w.string(s)
        case .bool(let b):
            w.raw(b ? "{\"boolValue\":true" : "{\"boolValue\":false")
        case .int(let i):
            w.raw("{\"intValue\":")
            w.quoted(i)
        case .double(let d):
            w.raw("{\"doubleValue\":")
            w.double(d)
        case .bytes(let b):
            w.raw("{\"bytesValue\":")
            w.quotedBase64(b)
        case .array(let values):
            w.raw("{\"arrayValue\":{\"values\":[")
            for (i, element) in values.enumerated() {
                if i > 0 { w.raw(",") }
                value(element, &w)
            }
            w.raw("]}")
        }
        w.raw("}")
    }
}
