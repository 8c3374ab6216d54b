/// "Did you mean …?" for a misspelt config key.
enum KeySuggestion {
    /// The known key closest to `key`, if it is close enough to be a likely typo:
    /// case, `_` for `-`, one or two edits or a swapped pair of letters.
    static func closest(to key: String, among known: [String]) -> String? {
        let typed = normalized(key)
        let limit = typed.count <= 3 ? 1 : 2
        let scored = known.map { ($0, distance(typed, normalized($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }

    private static func normalized(_ s: String) -> [Character] {
        Array(s.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
