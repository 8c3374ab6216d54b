import CNcursesw
import SonicMapUI

/// Draws `Canvas`es on `stdscr`, sending only the cells that changed since the last
/// frame, and keeps the colour pairs in step with the app's theme.
final class ScreenPainter {
    private let capability: ColorCapability
    private var theme: Theme?
    private var palette: RolePalette?
    private var previous: Canvas?
    private var scalars: [UInt32] = []

    init(capability: ColorCapability) {
        self.capability = capability
    }

    /// Forgets the last frame, so the next one is drawn in full on a cleared screen
    /// (after a resize, when the terminal's content can no longer be trusted).
    func invalidate() {
        previous = nil
        clearok(sm_stdscr(), true)
    }

    /// Draws `canvas` in `theme` and updates the terminal.
    func draw(_ canvas: Canvas, theme: Theme) {
        let palette = paletteFor(theme)
        let screen = sm_stdscr()
        var old = previous
        if old?.width != canvas.width || old?.height != canvas.height {
            old = nil
            werase(screen)
        }
        let width = min(canvas.width, Int(sm_cols()))
        let height = min(canvas.height, Int(sm_lines()))
        for y in 0..<height {
            let row = y * canvas.width
            for x in 0..<width {
                let cell = canvas.cells[row + x]
                if cell.isContinuation { continue }
                if let old, !ScreenPainter.changed(at: row + x, x: x, old: old, new: canvas) { continue }
                put(cell, y: y, x: x, palette.entry(for: cell.role))
            }
        }
        wrefresh(screen)
        previous = canvas
    }

    /// Whether the grapheme starting at `index` (column `x`) must be drawn again: it
    /// changed, or its continuation cell did.
    static func changed(at index: Int, x: Int, old: Canvas, new: Canvas) -> Bool {
        if old.cells[index] != new.cells[index] { return true }
        return x + 1 < new.width && new.cells[index + 1].isContinuation
            && old.cells[index + 1] != new.cells[index + 1]
    }

    private func put(_ cell: Cell, y: Int, x: Int, _ entry: RolePalette.Entry) {
        scalars.removeAll(keepingCapacity: true)
        for s in cell.text.unicodeScalars { scalars.append(s.value) }
        _ = sm_put_cell(Int32(y), Int32(x), scalars, Int32(scalars.count), entry.attributes, entry.pair)
    }

    /// The palette for `theme`, rebuilt (with a full redraw) when the theme changed.
    private func paletteFor(_ theme: Theme) -> RolePalette {
        if let palette, self.theme == theme { return palette }
        let fresh = RolePalette(theme: theme, capability: capability)
        fresh.install()
        self.theme = theme
        palette = fresh
        previous = nil
        return fresh
    }
}
