import Foundation
import SonicMapCore
import SonicMapExport

/// Everything a command prints as its result goes through here, so a write that fails
/// (a full disk, `/dev/full`, a closed pipe) is exit 1 with a message, never a crash in
/// `FileHandle.write` nor a silent success with nothing written.
enum StandardOutput {
    static func write(_ text: String) throws(CommandFailure) {
        try write(Array(text.utf8))
    }

    static func write(_ bytes: [UInt8]) throws(CommandFailure) {
        if let code = DescriptorOutput.writeAll(bytes, to: STDOUT_FILENO) {
            throw .data("cannot write to standard output: \(DescriptorOutput.reason(code))")
        }
    }
}

/// Messages beside the output (warnings, errors, "wrote …"). Each line passes
/// `SafeText.clean`, because messages quote what users and servers gave (a trace id, a
/// path, a server's error), and nothing may reach the terminal as an escape sequence.
/// A failed write to standard error is ignored: there is nowhere left to report it.
enum StandardError {
    static func write(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.clean(String($0)) }
        _ = DescriptorOutput.writeAll(Array(lines.joined(separator: "\n").utf8), to: STDERR_FILENO)
    }
}
