import SonicMapCore

/// Draws a rectangular frame, optionally with a title in the top border.
public enum BoxWidget {
    public static func draw(_ rect: Rect, on canvas: inout Canvas, glyphs: Glyphs, role: Role, title: String? = nil, titleRole: Role = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let h = String(repeating: glyphs.horizontal, count: rect.width - 2)
        canvas.put(glyphs.topLeft + h + glyphs.topRight, x: rect.x, y: rect.y, role: role)
        canvas.put(glyphs.bottomLeft + h + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, role: role)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            canvas.put(glyphs.vertical, x: rect.x, y: y, role: role)
            canvas.put(glyphs.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        if let title, rect.width > 4 {
            let t = " " + DisplayWidth.truncate(title, to: rect.width - 4) + " "
            canvas.put(t, x: rect.x + 1, y: rect.y, role: titleRole)
        }
    }
}
