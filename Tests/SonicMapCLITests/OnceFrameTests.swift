import Foundation
import Testing
import SonicMapCore
import SonicMapExport
import SonicMapSources
import SonicMapTestSupport
@testable import SonicMapCLI

/// `--once`: one frame drawn without a terminal, as the interactive view would draw it.
@Suite struct OnceFrameTests {
    static func display(_ arguments: [String] = []) throws -> DisplayFlags { try DisplayFlags.parse(arguments) }

    @Test func theSameSeedAndTimeGiveTheSameBytes() throws {
        let a = OnceFrame.demo(DemoOptions(), display: try Self.display(), at: 120, width: 100, height: 30)
        let b = OnceFrame.demo(DemoOptions(), display: try Self.display(), at: 120, width: 100, height: 30)
        #expect(a == b)
        let lines = a.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 30 && lines.allSatisfy { DisplayWidth.of(String($0)) <= 100 })
        #expect(a.contains("demo seed 1") && a.contains("9ww7h") && a.contains("rxzpm"), "the demo's Envoy and Triton pods are on the map")
        let other = OnceFrame.demo(DemoOptions(seed: 2), display: try Self.display(), at: 120, width: 100, height: 30)
        #expect(a != other, "the seed changes the simulation")
    }

    @Test func asciiFramesHoldOnlyASCII() throws {
        let frame = OnceFrame.demo(DemoOptions(), display: try Self.display(["--ascii"]), at: 120, width: 100, height: 30)
        #expect(frame.allSatisfy { $0.isASCII })
    }

    /// A refused connection leaves the frame up with the failure on it, instead of a crash
    /// or an empty screen.
    @Test func aFailedRefreshIsShownOnTheFrame() throws {
        let port = try ServerProcess.freePort()
        let source = try LiveSource(tempo: EndpointConfig(baseURL: "http://127.0.0.1:\(port)", timeoutSeconds: 2), prometheus: nil)
        let state = OnceFrame.state(source, display: try Self.display(), width: 120, height: 30)
        let frame = TextRenderer.plain(state.render())
        #expect(frame.contains("127.0.0.1:\(port)"), "the status line names the endpoint that failed:\n\(frame)")
    }
}
