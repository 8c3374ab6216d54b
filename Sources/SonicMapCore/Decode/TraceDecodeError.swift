/// Why bytes could not be turned into a `Trace`, worded for the person who ran the command.
///
/// Every case says what was expected and what was found; the ones that point into the
/// input carry the byte offset, counted from 0.
public enum TraceDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload is a well-formed trace response that holds no spans: Tempo's v2
    /// answer for an unknown id (`{"trace":{},"metrics":{}}`), an empty v1 `batches`,
    /// or a protobuf body without spans. Callers report "trace not found".
    case notFound
    /// Well-formed JSON, but not shaped like a trace.
    case notATrace(String)
    /// Malformed JSON at `offset`.
    case invalidJSON(offset: Int, message: String)
    /// Malformed protobuf at `offset`.
    case invalidProtobuf(offset: Int, message: String)
    /// The input stops at `offset`, in the middle of `context`.
    case truncated(format: String, offset: Int, context: String)
    /// Neither JSON nor a protobuf trace message.
    case unknownFormat(found: String)

    public var description: String {
        switch self {
        case .notFound:
            "trace not found: the response holds no spans"
        case .notATrace(let what):
            "not a trace: \(what)"
        case .invalidJSON(let offset, let message):
            "invalid trace JSON at byte \(offset): \(message)"
        case .invalidProtobuf(let offset, let message):
            "invalid trace protobuf at byte \(offset): \(message)"
        case .truncated(let format, let offset, let context):
            "truncated \(format): input ends at byte \(offset) inside \(context)"
        case .unknownFormat(let found):
            "unknown trace format: expected Tempo v1/v2 JSON, OTLP JSON or OTLP protobuf, found \(found)"
        }
    }
}
