import Testing
@testable import SonicMapCore
@testable import SonicMapUI

/// The key tables: every key listed does what its row says, help is printed from them,
/// and the `:` verbs come from one list.
@Suite struct KeyMapTests {
    @Test func everyListedKeyDispatchesToItsRowsAction() {
        for scope in KeyScope.allCases {
            for row in KeyMap.bindings(scope) {
                for (key, action) in row.keys {
                    #expect(KeyMap.action(for: key, in: scope) == action, "\(key.name) in \(scope.rawValue) is shadowed by another row")
                }
            }
        }
    }

    @Test func viewKeysComeBeforeGlobalOnes() {
        #expect(KeyMap.action(for: .char("r"), in: .requests) == .searchAgain)
        #expect(KeyMap.action(for: .char("r"), in: .map) == .refresh)
        #expect(KeyMap.action(for: .char("q"), in: .span) == .quit)
        #expect(KeyMap.action(for: .char("x"), in: .map) == nil)
    }

    @Test func helpOverlayRowsAreTheTables() {
        let (title, rows) = HelpOverlay.keys(for: .table)
        #expect(title == "keys · table")
        #expect(rows.map(\.0) == (KeyMap.bindings(.table) + KeyMap.bindings(.global)).map(\.label))
        #expect(rows.contains { $0.0 == ":" && $0.1 == "command: window 15m, refresh 10s, at -10m, live, compare -1h, group, trace ID, traces, theme, table, q" })
    }

    @Test func commandVerbsDriveCompletionAndTheUnknownHint() {
        #expect(CommandBar.complete("wi") == "window ")
        #expect(CommandBar.complete("t") == "t")
        #expect(CommandBar.complete("tr") == "trace")
        #expect(CommandBar.commands == CommandVerb.allCases.map(\.rawValue))
        var s = DemoState.make(width: 80, height: 24)
        _ = s.run(command: "frobnicate")
        #expect(s.chrome.message == "unknown command :frobnicate (try :window, :refresh, :at, :live, :compare, :group, :trace, :traces, :theme, :table, :q)")
    }

    @Test func keysMoveTheSameInEveryList() {
        var s = DemoState.make(width: 80, height: 24)
        s.mode = .table
        _ = s.handleKey(.char("G"))
        let last = s.table.selectedRow
        #expect(last > 0)
        _ = s.handleKey(.char("g"))
        #expect(s.table.selectedRow == 0)
        _ = s.handleKey(.end)
        #expect(s.table.selectedRow == last)
    }
}
