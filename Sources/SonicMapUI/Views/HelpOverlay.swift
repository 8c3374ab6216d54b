import SonicMapCore

/// The `?` overlay: every key of the map view.
public enum HelpOverlay {
    public static let keys: [(String, String)] = [
        ("j k ↓ ↑", "select the node below / above"),
        ("h l ← →", "select a neighbour to the left / right"),
        ("Tab S-Tab", "cycle through nodes and edges"),
        ("S-arrows", "pan the map"),
        ("mouse", "click selects, wheel scrolls"),
        ("g", "group by pod → deployment → role"),
        ("t", "table of nodes / edges (s sort, S reverse)"),
        ("/", "filter the table by name"),
        (":", "command: window 15m, refresh 10s, group, q"),
        ("p", "pause / resume live updates"),
        ("r", "refresh now"),
        ("Esc", "clear the selection / close help"),
        ("?", "this help"),
        ("q", "quit"),
    ]

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let width = min(s.width - 4, 56)
        let height = min(s.height - 2, keys.count + 4)
        let rect = Rect(x: (s.width - width) / 2, y: (s.height - height) / 2, width: width, height: height)
        canvas.fill(rect, role: .text)
        BoxWidget.draw(rect, on: &canvas, glyphs: s.settings.glyphs, role: .title, title: "keys · map")
        for (i, (key, what)) in keys.prefix(rect.height - 4).enumerated() {
            let y = rect.y + 2 + i
            canvas.put(key, x: rect.x + 3, y: y, role: .key)
            canvas.put(what, x: rect.x + 15, y: y, role: .text, clip: Rect(x: rect.x + 15, y: y, width: rect.width - 17, height: 1))
        }
    }
}
