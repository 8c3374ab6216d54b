import SonicMapCore

/// One starting input of the mutator: bytes the readers accept, and which reader they
/// are for. Mutations keep the kind, so a mutated snapshot goes to the snapshot reader.
struct FuzzSeed: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case tempoV1JSON = "tempo-v1-json"
        case tempoV2JSON = "tempo-v2-json"
        case otlpJSON = "otlp-json"
        case protobuf
        case snapshot
    }

    var kind: Kind
    var bytes: [UInt8]
    /// Where it came from, for the crash report.
    var origin: String
}
