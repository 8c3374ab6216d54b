import SonicMapCore

/// What the requests view says about its search, above the rows: derived from the state,
/// so the view and `update` (how many rows are left) agree.
extension TracesState {
    /// The lines between the query and the column headers: the search's state; `source`
    /// names where it searches. The view draws them and `update` pages by what is left.
    func infoLines(on screen: ScreenLayout, source: String) -> [(String, Role)] {
        let width = max(10, screen.width - 2)
        switch status {
        case .searching(_, let older):
            let what = older ? "older traces" : "traces"
            let meanwhile = pages.isEmpty ? " (meanwhile: the requests of \(origin))" : ""
            return [("searching \(source) for \(what)…" + meanwhile, .warning)]
        case .failed(let message):
            return Self.wrap(message, width: width).prefix(3).map { ($0, .error) }
        case .idle:
            if let note { return [(note, .warning)] }
            guard !pages.isEmpty else { return [("the requests of \(origin)", .muted)] }
            let found = exemplars.isEmpty ? "" : " · ◆ \(exemplars.count) exemplar\(exemplars.count == 1 ? "" : "s") from Prometheus"
            return [("page \(page + 1) · \(pages[page].count) traces found · \(preset.title)\(found)", .muted)]
        }
    }

    /// `text` broken at spaces into lines of at most `width` columns (long words are cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in SafeText.clean(text).split(separator: " ") {
            let w = String(word)
            if line.isEmpty {
                line = w
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(w) <= width {
                line += " " + w
            } else {
                lines.append(line)
                line = w
            }
            while DisplayWidth.of(line) > width {
                var head = "", used = 0
                for g in line {
                    if used + DisplayWidth.of(g) > width { break }
                    head.append(g)
                    used += DisplayWidth.of(g)
                }
                lines.append(head)
                line = String(line.dropFirst(max(1, head.count)))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
