import Foundation
import Testing
import SonicMapTestSupport

/// The one way tests find their payloads: inside the repository, with a clear error.
@Suite struct FixturesTests {
    @Test func fixturesLiveInTheRepository() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(Fixtures.repository.standardizedFileURL == repository.standardizedFileURL)
        #expect(Fixtures.directory.standardizedFileURL == repository.appendingPathComponent("Tests/Fixtures").standardizedFileURL)
        #expect(try Fixtures.files(in: "envoy/otlp_bodies/spawn", suffix: ".bin") == (1...4).map { "envoy/otlp_bodies/spawn/000\($0).bin" })
    }

    @Test func aMissingFixtureNamesItsPath() {
        #expect {
            try Fixtures.data("tempo/no-such-file.json")
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("test fixture missing: ") && text.contains("Tests/Fixtures/tempo/no-such-file.json")
                && text.contains("see its README.md")
        }
    }
}
