import SonicMapCore

/// The `?` overlay: every key of the current view.
public enum HelpOverlay {
    /// The overlay's title and rows for `scope`: its own bindings, then the global ones.
    public static func keys(for scope: KeyScope) -> (title: String, keys: [(String, String)]) {
        let rows = KeyMap.bindings(scope) + (scope == .global ? [] : KeyMap.bindings(.global))
        return ("keys · " + scope.title, rows.map { ($0.label, $0.help) })
    }

    public static func render(_ s: AppState, into canvas: inout Canvas) {
        let (title, keys) = keys(for: s.keyScope)
        let width = min(s.screen.width - 4, 66)
        // A blank line above and below the rows, unless the screen is too short for them.
        let padding = keys.count + 4 <= s.screen.height - 2 ? 1 : 0
        let height = min(s.screen.height - 2, keys.count + 2 + 2 * padding)
        let rect = Rect(x: (s.screen.width - width) / 2, y: (s.screen.height - height) / 2, width: width, height: height)
        canvas.fill(rect, role: .text)
        BoxWidget.draw(rect, on: &canvas, glyphs: s.settings.glyphs, role: .title, title: title)
        for (i, (key, what)) in keys.prefix(rect.height - 2 - 2 * padding).enumerated() {
            let y = rect.y + 1 + padding + i
            canvas.put(key, x: rect.x + 3, y: y, role: .key)
            canvas.put(what, x: rect.x + 15, y: y, role: .text, clip: Rect(x: rect.x + 15, y: y, width: rect.width - 17, height: 1))
        }
    }
}
