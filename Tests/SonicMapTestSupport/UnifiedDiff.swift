/// A unified diff (`diff -u`'s format, three lines of context) of two texts, so a failing
/// golden shows every changed line, not just the first.
public enum UnifiedDiff {
    /// The diff of `old` against `new`, headed `--- from` / `+++ to`; empty when equal.
    public static func text(_ old: String, _ new: String, from: String, to: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let edits = script(a, b)
        guard edits.contains(where: { $0.kind != " " }) else { return "" }
        var out = "--- \(from)\n+++ \(to)\n"
        var start = 0
        while let firstChange = edits[start...].firstIndex(where: { $0.kind != " " }) {
            // A hunk runs until a stretch of more than 2 × context unchanged lines.
            var end = firstChange
            var i = firstChange
            while i < edits.count {
                if edits[i].kind != " " { end = i; i += 1; continue }
                let run = edits[i...].prefix { $0.kind == " " }.count
                if run > 2 * context || i + run == edits.count { break }
                i += run
            }
            let lo = max(start, firstChange - context), hi = min(edits.count, end + 1 + context)
            let hunk = edits[lo..<hi]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != "+" }.count, newCount = hunk.filter { $0.kind != "-" }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for e in hunk { out += "\(e.kind)\(e.text)\n" }
            start = hi
        }
        return out
    }

    /// A hunk header's `start,count` (`start` alone for one line), 1-based; an empty side
    /// names the line before it.
    static func range(_ before: Int, _ count: Int) -> String {
        count == 1 ? "\(before + 1)" : "\(before + (count == 0 ? 0 : 1)),\(count)"
    }

    /// One line of the edit script: kept (" "), removed ("-") or added ("+"), with the
    /// number of old and new lines before it.
    struct Edit {
        var kind: Character
        var text: Substring
        var oldLine: Int
        var newLine: Int
    }

    static func lines(_ s: String) -> [Substring] {
        var l = s.split(separator: "\n", omittingEmptySubsequences: false)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// The shortest edit script by longest common subsequence (frames are a few hundred
    /// lines at most, so the quadratic table is small).
    static func script(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(Edit(kind: " ", text: a[i], oldLine: i, newLine: j)); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(Edit(kind: "-", text: a[i], oldLine: i, newLine: j)); i += 1
            } else {
                edits.append(Edit(kind: "+", text: b[j], oldLine: i, newLine: j)); j += 1
            }
        }
        return edits
    }
}
