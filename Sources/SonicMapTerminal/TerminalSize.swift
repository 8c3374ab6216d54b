import CNcursesw
import Foundation

/// The size of the terminal a file descriptor writes to, from the kernel: for commands
/// that print text (`diff`) and fit it to the width, without starting curses.
public enum TerminalSize {
    /// Columns of the terminal on `fd`; nil when `fd` is not a terminal or its size is unknown.
    public static func columns(of fd: Int32 = STDOUT_FILENO) -> Int? {
        var rows: Int32 = 0, cols: Int32 = 0
        guard isatty(fd) == 1, sm_window_size(fd, &rows, &cols) == 0 else { return nil }
        return Int(cols)
    }
}
