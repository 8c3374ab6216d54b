import Foundation
import SwiftProtobuf

/// Writes a `Trace` back out in the encodings `TraceDecoder` reads, for exports
/// (`sonicmap trace --format otlp`), tests and benchmarks.
///
/// Spans are grouped by `resource` (one ResourceSpans per entry of `resources`, in
/// order, even when it has no spans) and, inside a resource, by scope name in order of
/// first appearance. Decoding gives back an equal `Trace` whenever the spans were
/// already in that order, as every decoded or generated trace is. What the model does
/// not keep is not written: scope versions and attributes, span flags, links, dropped
/// counts, and the types inside a `kvlistValue`.
public enum TraceEncoder {
    /// Tempo v1 JSON as gogo jsonpb writes it: `{"batches":[…]}`, base64 ids, int64 as
    /// strings, enum names, and zero values omitted (no `kind` when unspecified, no
    /// `parentSpanId` on roots, `"status":{}` when unset).
    public static func tempoJSON(_ trace: Trace) -> [UInt8] {
        JSONTraceWriter(dialect: .tempo).write(trace)
    }

    /// OTLP JSON as the Collector's file exporter writes it and Grafana's "Import trace"
    /// reads it: `{"resourceSpans":[…]}`, lowercase hex ids, integer kinds and status
    /// codes, int64 as strings, `"parentSpanId":""` on roots.
    public static func otlpJSON(_ trace: Trace) -> [UInt8] {
        JSONTraceWriter(dialect: .otlp).write(trace)
    }

    /// OTLP protobuf `TracesData`, which is also the wire form of `tempopb.Trace` and of
    /// an `ExportTraceServiceRequest`.
    public static func protobuf(_ trace: Trace) -> [UInt8] {
        var data = Opentelemetry_Proto_Trace_V1_TracesData()
        data.resourceSpans = groups(trace).map { group in
            var rs = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            rs.resource.attributes = trace.resources[group.resource].attributes.map(keyValue)
            rs.scopeSpans = group.scopes.map { scope in
                var ss = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                ss.scope.name = scope.name
                ss.spans = scope.spans.map { protobufSpan(trace.spans[$0]) }
                return ss
            }
            return rs
        }
        // Serialising can only fail for proto2 required fields or Any types, which OTLP has none of.
        return try! data.serializedBytes()
    }

    /// Spans of one resource, split by scope.
    struct ResourceGroup {
        var resource: Int
        var scopes: [(name: String, spans: [Int])]
    }

    /// The spans' indices grouped by resource, then by scope in order of first appearance.
    static func groups(_ trace: Trace) -> [ResourceGroup] {
        var byResource = Array(repeating: [Int](), count: trace.resources.count)
        for (i, span) in trace.spans.enumerated() where byResource.indices.contains(span.resource) {
            byResource[span.resource].append(i)
        }
        return byResource.enumerated().map { resource, spans in
            var scopes: [(name: String, spans: [Int])] = []
            var lastScope = -1
            for i in spans {
                let name = trace.spans[i].scope
                if lastScope < 0 || scopes[lastScope].name != name {
                    lastScope = scopes.firstIndex { $0.name == name } ?? {
                        scopes.append((name, []))
                        return scopes.count - 1
                    }()
                }
                scopes[lastScope].spans.append(i)
            }
            return ResourceGroup(resource: resource, scopes: scopes)
        }
    }

    private static func protobufSpan(_ span: Span) -> Opentelemetry_Proto_Trace_V1_Span {
        var s = Opentelemetry_Proto_Trace_V1_Span()
        s.traceID = Data(span.traceID.bytes)
        s.spanID = Data(span.spanID.bytes)
        if let parent = span.parentSpanID { s.parentSpanID = Data(parent.bytes) }
        s.name = span.name
        s.kind = .init(rawValue: span.kind.otlpValue) ?? .unspecified
        s.startTimeUnixNano = span.startUnixNano
        s.endTimeUnixNano = span.endUnixNano
        s.attributes = span.attributes.map(keyValue)
        s.events = span.events.map { e in
            var event = Opentelemetry_Proto_Trace_V1_Span.Event()
            event.timeUnixNano = e.timeUnixNano
            event.name = e.name
            event.attributes = e.attributes.map(keyValue)
            return event
        }
        if span.status != .unset || !span.statusMessage.isEmpty {
            s.status.code = .init(rawValue: span.status.otlpValue) ?? .unset
            s.status.message = span.statusMessage
        }
        return s
    }

    private static func keyValue(_ a: Attribute) -> Opentelemetry_Proto_Common_V1_KeyValue {
        var kv = Opentelemetry_Proto_Common_V1_KeyValue()
        kv.key = a.key
        kv.value = anyValue(a.value)
        return kv
    }

    private static func anyValue(_ v: AttributeValue) -> Opentelemetry_Proto_Common_V1_AnyValue {
        var any = Opentelemetry_Proto_Common_V1_AnyValue()
        switch v {
        case .string(let s): any.stringValue = s
        case .bool(let b): any.boolValue = b
        case .int(let i): any.intValue = i
        case .double(let d): any.doubleValue = d
        case .bytes(let b): any.bytesValue = Data(b)
        case .array(let values):
            var array = Opentelemetry_Proto_Common_V1_ArrayValue()
            array.values = values.map(anyValue)
            any.arrayValue = array
        }
        return any
    }
}
