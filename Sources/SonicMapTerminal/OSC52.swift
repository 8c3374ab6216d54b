import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal's clipboard, set with OSC 52 (`ESC ] 52 ; c ; <base64> BEL`): the
/// terminal itself stores the text, so copying works over ssh and, with
/// `set -g set-clipboard on`, inside tmux. Written straight to the terminal between
/// frames, as curses has nothing to do with it and it moves no cursor.
public enum OSC52 {
    /// The most text one sequence carries: terminals cap what they accept (xterm takes
    /// 100 000 bytes of base64 by default, which is 75 000 of text); a trace id or a
    /// Grafana link is far below.
    public static let maxTextBytes = 74_000

    /// The bytes that put `text` on the clipboard (`c`), or nil when `text` is too long
    /// for terminals to take.
    public static func sequence(copying text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxTextBytes else { return nil }
        return Array("\u{1B}]52;c;".utf8) + Array(Data(bytes).base64EncodedString().utf8) + [0x07]
    }

    /// Writes the sequence for `text` to `fd` (the terminal); false when `text` is too
    /// long or the write failed. `fd` defaults to standard output (1).
    @discardableResult
    public static func copy(_ text: String, to fd: Int32 = 1) -> Bool {
        guard let bytes = sequence(copying: text) else { return false }
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
