import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Decides, before curses is touched, whether the interactive view can start.
///
/// `initscr` exits the process on an unknown `TERM`, and curses spins at 100% CPU
/// reading a closed stdin, so every reason to refuse is found here first. Callers
/// print the message and exit with status 2.
public enum TerminalCheck {
    /// The default advice for getting output without a terminal.
    public static let plainTextHint = "Use `sonicmap demo --once` for plain text."

    /// One line explaining why the interactive view cannot start, or nil when it can.
    ///
    /// - Parameters:
    ///   - environment: where `TERM` is read from.
    ///   - hint: appended to the message, telling the user what to run instead.
    public static func problem(
        environment: [String: String], hint: String = plainTextHint
    ) -> String? {
        problem(
            stdinIsTTY: isatty(STDIN_FILENO) == 1,
            stdoutIsTTY: isatty(STDOUT_FILENO) == 1,
            term: environment["TERM"],
            hint: hint,
            terminfo: TerminfoStatus.lookUp
        )
    }

    /// The decision itself, with the tty tests and the terminfo lookup passed in.
    static func problem(
        stdinIsTTY: Bool, stdoutIsTTY: Bool, term: String?, hint: String,
        terminfo: (String) -> TerminfoStatus
    ) -> String? {
        let needs = "sonicmap needs an interactive terminal:"
        let setTerm = "set TERM, for example to xterm-256color."
        if !stdoutIsTTY { return "\(needs) stdout is not a tty. \(hint)" }
        if !stdinIsTTY { return "\(needs) stdin is not a tty. \(hint)" }
        guard let term, !term.isEmpty else { return "\(needs) TERM is not set; \(setTerm) \(hint)" }
        let shown = printable(term)
        if term == "dumb" { return "\(needs) TERM=dumb cannot move the cursor; \(setTerm) \(hint)" }
        switch terminfo(term) {
        case .usable:
            return nil
        case .unknown:
            return "\(needs) TERM=\(shown) has no terminfo entry; \(setTerm) \(hint)"
        case .noDatabase:
            return "\(needs) no terminfo database was found (install ncurses-base). \(hint)"
        case .hardcopy:
            return "\(needs) TERM=\(shown) is a hardcopy terminal; \(setTerm) \(hint)"
        case .noCursorAddressing:
            return "\(needs) TERM=\(shown) cannot move the cursor (no cup); \(setTerm) \(hint)"
        }
    }

    /// `text` with anything but printable ASCII replaced by `?`, so a hostile TERM
    /// cannot put escape sequences into the message.
    private static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? Character($0) : "?" })
    }
}

/// What the terminfo database says about a terminal type.
enum TerminfoStatus: Equatable {
    case usable, unknown, noDatabase, hardcopy, noCursorAddressing

    /// Looks `term` up with `setupterm` (which, unlike `initscr`, never exits).
    static func lookUp(_ term: String) -> TerminfoStatus {
        switch sm_terminal_status(term) {
        case 0: .usable
        case 2: .noDatabase
        case 3: .hardcopy
        case 4: .noCursorAddressing
        default: .unknown
        }
    }
}
