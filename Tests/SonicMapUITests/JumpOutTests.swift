import Foundation
import Testing
import SonicMapCore
import SonicMapTestSupport
@testable import SonicMapUI

/// `y` and `o` (issue 15): the key tables dispatch them, the copy command carries exactly
/// the selected trace's 32-hex id or a Grafana link, and where no single trace is selected
/// (the map, the table) a message says so.
@Suite struct JumpOutTests {
    static let grafana = GrafanaLink(base: "https://grafana.example", datasource: "tempo-uid")

    static func listing(grafana: GrafanaLink? = nil) throws -> (AppState, [Trace]) {
        let traces = try TraceFile.traces(Array(Fixtures.data("multi-trace/collector-file-exporter.jsonl")))
        var settings = Settings(frozenClock: true)
        settings.grafana = grafana
        var s = AppState.listing(traces, origin: "3 traces", settings: settings)
        _ = s.update(.resize(width: 160, height: 48))
        return (s, traces)
    }

    @Test func theKeysAreBoundEverywhere() {
        for scope in [KeyScope.map, .table, .requests, .timeline, .span] {
            #expect(KeyMap.action(for: .char("y"), in: scope) == .copyTraceID, "\(scope)")
            #expect(KeyMap.action(for: .char("o"), in: scope) == .linkToGrafana, "\(scope)")
        }
    }

    @Test func yInTheRequestsListCopiesExactlyTheSelectedRowsID() throws {
        var (s, _) = try Self.listing()
        _ = s.update(.key(.char("j")))
        let row = try #require(s.traces?.rows[s.traces!.selectedRow])
        let commands = s.update(.key(.char("y")))
        #expect(commands == [.copy(row.traceID.hex)])
        #expect(row.traceID.hex.count == 32 && row.traceID.hex.allSatisfy(\.isHexDigit))
        #expect(s.chrome.message == "copied trace id \(row.traceID.hex.prefix(8))… (OSC 52)")
        #expect(s.mode == .traces, "copying leaves the view as it was")
    }

    @Test func yInTheTimelineAndSpanDetailsCopiesTheTracesID() throws {
        var (s, _) = try Self.listing()
        let id = try #require(s.traces?.rows.first?.traceID)
        _ = s.update(.key(.enter))
        #expect(s.mode == .timeline)
        #expect(s.update(.key(.char("y"))) == [.copy(id.hex)])
        _ = s.update(.key(.enter))
        #expect(s.keyScope == .span)
        #expect(s.update(.key(.char("y"))) == [.copy(id.hex)])
    }

    @Test func onTheMapAnEdgeHasNoSingleTraceToCopy() {
        var s = DemoState.make(width: 160, height: 48)
        _ = s.update(.key(.tab))
        #expect(s.update(.key(.char("y"))) == [])
        #expect(s.chrome.message?.contains("the selection has many traces") == true)
        _ = s.update(.key(.char("t")))
        #expect(s.mode == .table)
        #expect(s.update(.key(.char("y"))) == [])
        #expect(s.chrome.message?.contains("Enter lists its requests") == true)
    }

    @Test func oWithoutGrafanaSaysHowToConfigureIt() throws {
        var (s, _) = try Self.listing()
        #expect(s.update(.key(.char("o"))) == [])
        #expect(s.chrome.message?.contains("add 'grafana: https://…' to the config file") == true)
    }

    @Test func oLinksTheSelectedTraceOverItsOwnTime() throws {
        var (s, _) = try Self.listing(grafana: Self.grafana)
        let row = try #require(s.traces?.rows.first)
        let start = Double(row.startUnixNano) / 1e9
        let expected = Self.grafana.trace(row.traceID, from: start, to: start + Double(row.durationNanos) / 1e9)
        #expect(s.update(.key(.char("o"))) == [.copy(expected)])
        #expect(expected.contains(row.traceID.hex))
        let message = try #require(s.chrome.message)
        #expect(message.hasPrefix("copied Grafana link (OSC 52): https://grafana.example/explore?"))
        #expect(DisplayWidth.of(message) <= s.screen.width - 1, "the link is cut to the status line")
    }

    @Test func oOnTheMapLinksTheServiceMapOverTheMapsWindow() throws {
        var s = DemoState.make(width: 160, height: 48)
        s.settings.grafana = Self.grafana
        let end = try #require(s.status.dataTime)
        let commands = s.update(.key(.char("o")))
        #expect(commands == [.copy(Self.grafana.serviceMap(from: end - s.settings.windowSeconds, to: end))])
    }
}
