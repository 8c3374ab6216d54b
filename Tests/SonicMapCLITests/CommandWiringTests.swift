import ArgumentParser
import Testing
@testable import SonicMapCLI

/// The command tree as the executable parses it: every command reachable, flags landing
/// in the right command, and bad input mapped to the contract's exit status 2.
@Suite struct CommandWiringTests {
    @Test func everyCommandIsReachableByItsOwnName() throws {
        let names = SonicMapCommand.configuration.subcommands.map { $0._commandName }
        #expect(Set(names).count == names.count, "two commands share a name: \(names)")
        #expect(Set(names).isSuperset(of: ["live", "demo", "replay", "trace", "search", "export", "diff", "doctor", "config", "keys"]))
        for name in names {
            var help = try SonicMapCommand.parseAsRoot([name, "--help"])
            #expect {
                try help.run()
            } throws: { help in
                SonicMapCommand.exitCode(for: help) == .success && SonicMapCommand.fullMessage(for: help).contains("USAGE: sonicmap \(name)")
            }
        }
    }

    @Test func demoFlagsReachTheDemoCommand() throws {
        let parsed = try SonicMapCommand.parseAsRoot(["demo", "--once", "--width", "80", "--height", "20", "--at", "60", "--ascii"])
        let demo = try #require(parsed as? DemoCommand)
        #expect(demo.once && demo.width == 80 && demo.height == 20 && demo.at == 60)
        #expect(demo.display.settings(utf8: true, frozenClock: true).glyphs == .ascii, "--ascii wins over a UTF-8 locale")
    }

    @Test func anOutOfRangeFrameIsAUsageErrorWithItsReason() {
        #expect {
            _ = try SonicMapCommand.parseAsRoot(["demo", "--once", "--width", "0"])
        } throws: { error in
            SonicMapCommand.exitCode(for: error) == .validationFailure
                && SonicMapCommand.message(for: error).contains("--width and --height must be between 1 and 1000")
        }
    }

    @Test func anUnknownFlagIsAUsageError() {
        #expect {
            _ = try SonicMapCommand.parseAsRoot(["demo", "--no-such-flag"])
        } throws: { error in
            SonicMapCommand.exitCode(for: error) == .validationFailure && SonicMapCommand.message(for: error).contains("--no-such-flag")
        }
    }
}
