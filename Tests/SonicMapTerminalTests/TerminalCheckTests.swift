import Testing
@testable import SonicMapTerminal

@Suite struct TerminalCheckTests {
    private func check(stdin: Bool = true, stdout: Bool = true, term: String?, status: TerminfoStatus = .usable) -> String? {
        TerminalCheck.problem(stdinIsTTY: stdin, stdoutIsTTY: stdout, term: term, hint: "HINT", terminfo: { _ in status })
    }

    @Test func usableTerminalPasses() {
        #expect(check(term: "xterm-256color") == nil)
    }

    @Test func refusals() {
        #expect(check(stdout: false, term: "xterm") == "sonicmap needs an interactive terminal: stdout is not a tty. HINT")
        #expect(check(stdin: false, term: "xterm")?.contains("stdin is not a tty") == true)
        #expect(check(term: nil)?.contains("TERM is not set") == true)
        #expect(check(term: "")?.contains("TERM is not set") == true)
        #expect(check(term: "dumb")?.contains("TERM=dumb") == true)
        #expect(check(term: "foo", status: .unknown)?.contains("TERM=foo has no terminfo entry") == true)
        #expect(check(term: "foo", status: .noCursorAddressing)?.contains("no cup") == true)
        #expect(check(term: "\u{1B}]0;x", status: .unknown)?.contains("\u{1B}") == false)
    }

    @Test func messagesAreOneLineEndingWithTheHint() {
        for status in [TerminfoStatus.unknown, .noDatabase, .hardcopy, .noCursorAddressing] {
            let message = check(term: "t", status: status)
            #expect(message?.hasSuffix(" HINT") == true)
            #expect(message?.contains("\n") == false)
        }
    }

    @Test func terminfoLookUp() {
        #expect(TerminfoStatus.lookUp("xterm-256color") == .usable)
        #expect(TerminfoStatus.lookUp("dumb") == .noCursorAddressing)
        #expect(TerminfoStatus.lookUp("sonicmap-no-such-terminal") == .unknown)
    }
}
