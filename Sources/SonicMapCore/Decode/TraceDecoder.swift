import Foundation

/// Turns trace payloads into a `Trace`: Tempo v1/v2 JSON, OTLP JSON, and OTLP or Tempo
/// protobuf. Pure functions on bytes.
///
/// What every entry point guarantees:
/// - spans keep input order; `Trace.resources` has one entry per ResourceSpans, and
///   `Span.resource` indexes it; `Span.service` is the resource's `service.name`
///   (`unknown_service` when missing) and `Span.scope` the scope's name;
/// - `Trace.traceID` is the id most spans carry (an export can mix traces), ties going
///   to the id seen first;
/// - after `spanCap` spans the rest are skipped, not decoded, and the trace is marked
///   `partial` with the reason; a Tempo v2 `PARTIAL` status does the same with Tempo's
///   message;
/// - text is kept as received (display sanitises it), with invalid UTF-8 replaced;
/// - a payload without spans throws `.notFound`; anything malformed throws an error
///   that says what was expected, what was found, and at which byte.
public enum TraceDecoder {
    /// Spans decoded before the rest of a trace is skipped.
    public static let defaultSpanCap = 1_000_000

    /// Which protobuf message a body holds.
    public enum ProtobufMessage: Sendable {
        /// OTLP `TracesData`; also Tempo v1's `tempopb.Trace` and the Collector's (and
        /// Envoy's) `ExportTraceServiceRequest`, which share its wire form.
        case tracesData
        /// Tempo v2's `tempopb.TraceByIDResponse`: the trace plus `status` and `message`.
        case traceByIDResponse
    }

    /// Decodes a trace in whichever format the bytes hold, for `sonicmap trace --file`.
    ///
    /// JSON when the first non-space byte is `{`, in any JSON form; otherwise protobuf,
    /// tried as `TracesData` (which covers `tempopb.Trace` and `ExportTraceServiceRequest`)
    /// and then as `TraceByIDResponse`. Protobuf without spans is `.notFound` only when it
    /// opens with the tag of a trace message's field; other bytes are `.unknownFormat`.
    public static func decode(_ bytes: some ContiguousBytes, spanCap: Int = defaultSpanCap) throws(TraceDecodeError) -> Trace {
        try withBytes(bytes) { (buffer) throws(TraceDecodeError) -> Trace in
            guard let first = buffer.firstIndex(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
                throw .unknownFormat(found: buffer.isEmpty ? "empty input" : "only whitespace")
            }
            if buffer[first] == UInt8(ascii: "{") {
                do throws(TraceDecodeError) {
                    return try JSONTraceReader.read(buffer, spanCap: spanCap)
                } catch {
                    // A protobuf body can start with "\n{" (field 1, 123 bytes long).
                    guard first > 0, let trace = try? protobuf(buffer, spanCap: spanCap) else { throw error }
                    return trace
                }
            }
            do throws(TraceDecodeError) {
                return try protobuf(buffer, spanCap: spanCap)
            } catch .notFound {
                // Only trust "no spans" from bytes that open like a trace message.
                guard [0x0A, 0x12, 0x18, 0x22].contains(buffer[0]) else { throw .unknownFormat(found: describe(buffer)) }
                throw .notFound
            } catch {
                throw .unknownFormat(found: describe(buffer) + " (as protobuf: \(error))")
            }
        }
    }

    /// Decodes Tempo v1 or v2 JSON or OTLP JSON.
    public static func decodeJSON(_ bytes: some ContiguousBytes, spanCap: Int = defaultSpanCap) throws(TraceDecodeError) -> Trace {
        try withBytes(bytes) { (buffer) throws(TraceDecodeError) -> Trace in
            try JSONTraceReader.read(buffer, spanCap: spanCap)
        }
    }

    /// Decodes a protobuf body holding `message`.
    public static func decodeProtobuf(
        _ bytes: some ContiguousBytes, message: ProtobufMessage = .tracesData, spanCap: Int = defaultSpanCap
    ) throws(TraceDecodeError) -> Trace {
        try withBytes(bytes) { (buffer) throws(TraceDecodeError) -> Trace in
            try ProtobufTraceReader.read(buffer, message: message, spanCap: spanCap)
        }
    }

    /// `TracesData` first; when that fails or finds no spans, `TraceByIDResponse`.
    private static func protobuf(_ buffer: UnsafeBufferPointer<UInt8>, spanCap: Int) throws(TraceDecodeError) -> Trace {
        let firstError: TraceDecodeError
        do {
            return try ProtobufTraceReader.read(buffer, message: .tracesData, spanCap: spanCap)
        } catch {
            firstError = error
        }
        do {
            return try ProtobufTraceReader.read(buffer, message: .traceByIDResponse, spanCap: spanCap)
        } catch {
            throw firstError == .notFound ? error : firstError
        }
    }

    /// A short description of unrecognised bytes, for the error message.
    private static func describe(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        let head = buffer.prefix(24)
        if head.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            let text = String(decoding: head, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return "text starting with \"\(text)\(buffer.count > head.count ? "…" : "")\""
        }
        return "\(buffer.count) bytes of binary data"
    }

    private static func withBytes<R>(
        _ bytes: some ContiguousBytes, _ body: (UnsafeBufferPointer<UInt8>) throws(TraceDecodeError) -> R
    ) throws(TraceDecodeError) -> R {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(TraceDecodeError) -> R in try body(raw.assumingMemoryBound(to: UInt8.self)) }
        }
        return try result.get()
    }
}
