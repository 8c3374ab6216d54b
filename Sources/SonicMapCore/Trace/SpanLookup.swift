/// Span ids to indices, first occurrence winning: a scan for the few spans of a
/// typical request trace, a dictionary for big ones.
struct SpanLookup {
    let spans: [Span]
    let table: [SpanID: Int]?
    /// Some id is carried by more than one span (malformed, but seen in the wild).
    let hasDuplicates: Bool

    init(_ spans: [Span]) {
        self.spans = spans
        if spans.count > 16 {
            var t: [SpanID: Int] = [:]
            t.reserveCapacity(spans.count)
            for i in spans.indices where t[spans[i].spanID] == nil { t[spans[i].spanID] = i }
            table = t
            hasDuplicates = t.count < spans.count
        } else {
            table = nil
            var dup = false
            for i in spans.indices where !dup {
                for j in spans.indices.prefix(i) where spans[j].spanID == spans[i].spanID { dup = true }
            }
            hasDuplicates = dup
        }
    }

    func index(of id: SpanID) -> Int? {
        if let table { return table[id] }
        for i in spans.indices where spans[i].spanID == id { return i }
        return nil
    }

    /// The first span carrying the id of span `i` (`i` itself unless ids repeat).
    func first(_ i: Int) -> Int {
        hasDuplicates ? index(of: spans[i].spanID) ?? i : i
    }
}
