/// A list buffer reused across the many short lists of a trace (attributes, events).
///
/// Appending to a fresh array reallocates at 1, 2, 4, 8, 16 … elements. Collecting into
/// a buffer that keeps its capacity and then copying the result once into an array of
/// exactly the right size costs one allocation per list instead.
struct ListBuffer<Element> {
    private var storage: [Element] = []

    /// The buffer, empty, for the caller to append to; hand it back with `finish`.
    /// While it is out, a nested list gets a fresh array from a second call.
    mutating func take() -> [Element] {
        var list: [Element] = []
        swap(&list, &storage)
        return list
    }

    /// An exact-size copy of `list`, which is emptied and kept for the next `take`.
    mutating func finish(_ list: inout [Element]) -> [Element] {
        let result = [Element](unsafeUninitializedCapacity: list.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: list)
        }
        list.removeAll(keepingCapacity: true)
        swap(&list, &storage)
        return result
    }
}
