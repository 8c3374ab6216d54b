import Foundation
import Testing
@testable import SonicMapTerminal

/// The clipboard sequence: `ESC ] 52 ; c ; <base64> BEL`, and what reaches the terminal.
@Suite struct OSC52Tests {
    @Test func theSequenceIsBase64OfTheTextBetweenTheOSCAndBEL() throws {
        let id = "5b8e1a2c3d4e5f60718293a4b5c6d7e8"
        let bytes = try #require(OSC52.sequence(copying: id))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == "\u{1B}]52;c;NWI4ZTFhMmMzZDRlNWY2MDcxODI5M2E0YjVjNmQ3ZTg=\u{07}")
        let payload = text.dropFirst(7).dropLast()
        #expect(Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) } == id)
        // Nothing between the introducer and BEL can end the sequence early or start another.
        #expect(payload.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) })
    }

    @Test func textTooLongForTerminalsIsNotSent() {
        #expect(OSC52.sequence(copying: String(repeating: "a", count: OSC52.maxTextBytes)) != nil)
        #expect(OSC52.sequence(copying: String(repeating: "a", count: OSC52.maxTextBytes + 1)) == nil)
        #expect(!OSC52.copy(String(repeating: "a", count: OSC52.maxTextBytes + 1), to: -1))
    }

    @Test func copyWritesTheWholeSequenceToTheDescriptor() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let link = "https://grafana.example/explore?schemaVersion=1&panes=%7B%7D&orgId=1"
        #expect(OSC52.copy(link, to: fds[1]))
        close(fds[1])
        let read = FileHandle(fileDescriptor: fds[0]).readDataToEndOfFile()
        #expect(Array(read) == OSC52.sequence(copying: link))
        #expect(!OSC52.copy(link, to: -1), "a bad descriptor is a failed copy, not a crash")
    }
}
