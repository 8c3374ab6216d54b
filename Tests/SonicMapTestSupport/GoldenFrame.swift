import Foundation
import Testing
import SonicMapExport
import SonicMapUI

/// Golden-file comparison of rendered frames, in two files per golden: `<name>.txt`, the
/// plain text, and `<name>.mask`, a style mask of roles (which does not depend on the
/// theme) and, per theme asked for, a colour mask of the styles the theme resolves each
/// cell to, so a change to a theme file is caught too. Text and styles live apart so a
/// change to one shows as a change to its own file.
///
/// Set `SONICMAP_RECORD_GOLDEN=1` (or run `make golden`) to write the files; without it a
/// missing golden fails instead of being recorded silently, and a difference fails with a
/// unified diff of the golden against the frame.
public enum GoldenFrame {
    /// `Tests/SonicMapUITests/Golden/`.
    public static let directory = Fixtures.testsDirectory.appendingPathComponent("SonicMapUITests/Golden")

    /// Whether this run records goldens instead of comparing with them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["SONICMAP_RECORD_GOLDEN"] == "1" }

    /// Compares `canvas` with the golden `name`, or records it when `recording`.
    public static func assertMatches(_ canvas: Canvas, named name: String, themes: [Theme] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        var mask = "--- style mask ---\n" + RoleSymbol.mask(canvas)
        for theme in themes { mask += "--- colours: \(theme.name) ---\n" + colourMask(canvas, theme: theme) }
        for (file, actual) in [(name + ".txt", TextRenderer.plain(canvas)), (name + ".mask", mask)] {
            check(actual, against: directory.appendingPathComponent(file), sourceLocation: sourceLocation)
        }
    }

    private static func check(_ actual: String, against file: URL, sourceLocation: SourceLocation) {
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden \(file.path); record it with `make golden` (SONICMAP_RECORD_GOLDEN=1 swift test)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let diff = UnifiedDiff.text(expected, actual, from: "golden " + file.lastPathComponent, to: "rendered frame")
            Issue.record("frame differs from its golden (re-record with `make golden` if the change is intended):\n\(diff)", sourceLocation: sourceLocation)
        }
    }

    /// One symbol per cell for the style `theme` gives its role, then a legend of the
    /// symbols in order of first appearance: `a = fg 252 bg 234 bold`.
    public static func colourMask(_ canvas: Canvas, theme: Theme) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var symbols: [Style: Character] = [:]
        var legend: [String] = []
        var grid = ""
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let style = theme.style(for: canvas[x, y].role)
                if symbols[style] == nil {
                    let symbol = symbols.count < alphabet.count ? alphabet[symbols.count] : "?"
                    symbols[style] = symbol
                    legend.append("\(symbol) = \(describe(style))")
                }
                grid.append(symbols[style]!)
            }
            grid += "\n"
        }
        return grid + legend.joined(separator: "\n") + "\n"
    }

    public static func describe(_ s: Style) -> String {
        func colour(_ c: Color) -> String {
            switch c {
            case .terminalDefault: "default"
            case .indexed(let i): Color.named.first { $0.value == c && !["gray", "grey"].contains($0.key) }?.key ?? "\(i)"
            case .rgb(let r, let g, let b): "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
        var out = "fg \(colour(s.foreground)) bg \(colour(s.background))"
        for (on, name) in [(s.bold, "bold"), (s.dim, "dim"), (s.underline, "underline"), (s.reverse, "reverse")] where on { out += " " + name }
        return out
    }
}
