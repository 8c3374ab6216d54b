import Foundation
import Testing
import SonicMapTestSupport
@testable import SonicMapUI

@Suite struct ThemeTests {
    static let themesDir = Fixtures.repository.appendingPathComponent("themes").path

    /// Every shipped theme lists every role and loads without a warning.
    @Test(arguments: ThemeLoader.shipped)
    func shippedThemesListEveryRole(name: String) throws {
        let text = try String(contentsOfFile: Self.themesDir + "/\(name).yaml", encoding: .utf8)
        for role in Role.allCases { #expect(text.contains("  \(role.name): "), "\(name) lacks \(role.name)") }
        let loaded = ThemeLoader.load(name, searchPath: [Self.themesDir])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.theme.name == name)
    }

    /// Deuteranopia-safe: no health or status pair mixes red with green hues.
    @Test func colorblindHealthAvoidsRedGreen() {
        let t = ThemeLoader.load("colorblind", searchPath: [Self.themesDir]).theme
        for role in [Role.healthOK, .healthWarn, .healthBad, .statusOK, .statusError] {
            let s = t.style(for: role)
            for c in [s.foreground, s.background] {
                guard case .rgb(let r, let g, let b) = c else { continue }
                let pureGreen = g > 150 && r < 100 && b < 100
                let pureRed = r > 200 && g < 60 && b < 60
                #expect(!pureGreen && !pureRed, "\(role.name) uses \(r),\(g),\(b)")
            }
        }
    }

    @Test func missingAndInvalidRolesFallBackWithWarnings() {
        let loaded = ThemeLoader.parse("""
            name: partial
            roles:
              text: {fg: red}
              muted: {fg: nonsense}
              nosuchrole: {fg: blue}
              title: {bold: maybe}
            """, name: "partial", file: "partial.yaml")
        #expect(loaded.theme.style(for: .text).foreground == .indexed(1))
        #expect(loaded.theme.style(for: .muted) == Theme.builtinDefault.style(for: .muted))
        #expect(loaded.theme.style(for: .selection) == Theme.builtinDefault.style(for: .selection))
        #expect(loaded.warnings.contains { $0.contains("nosuchrole") })
        #expect(loaded.warnings.contains { $0.contains("nonsense") && $0.contains("partial.yaml:") })
        #expect(loaded.warnings.contains { $0.contains("missing") })
    }

    @Test func brokenYAMLNeverThrows() {
        let loaded = ThemeLoader.parse("roles: [unclosed", name: "x")
        #expect(!loaded.warnings.isEmpty)
        #expect(loaded.theme.styles == Theme.builtinDefault.styles)
    }

    @Test func colourSpellings() {
        #expect(ThemeLoader.load("nope", searchPath: [Self.themesDir]).warnings.first?.contains("not found") == true)
        #expect(Color.rgb(0, 0, 0).reduced(toPaletteOf: 256) == .indexed(0))
        #expect(Color.rgb(255, 255, 255).reduced(toPaletteOf: 16) == .indexed(15))
    }

    @Test func themeCommandSwitchesAmongLoadedThemes() {
        var s = DemoState.make(width: 100, height: 30)
        s.settings.availableThemes = ThemeLoader.shipped
        _ = s.run(command: "theme dark")
        #expect(s.settings.themeName == "dark")
        _ = s.run(command: "theme purple")
        #expect(s.settings.themeName == "dark")
        #expect(s.chrome.message?.contains("colorblind") == true)
    }
}
