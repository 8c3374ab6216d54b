/// How an OTLP `kvlistValue` is kept. The model has no map value, so a key-value list
/// becomes one string, `{key: value, key2: value2}`, each value written as
/// `AttributeValue.text` writes it (arrays as `[a, b]`, nested lists as `{…}`). It
/// reads well in a span's detail and matches as text; the nested types are not kept,
/// so encoding the trace again writes a `stringValue`.
enum KeyValueList {
    static func flatten(_ pairs: [Attribute]) -> AttributeValue {
        .string("{" + pairs.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}")
    }
}
