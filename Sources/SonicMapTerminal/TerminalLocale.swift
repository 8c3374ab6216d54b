import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The process locale, which curses needs before `newterm` to read and draw
/// anything beyond ASCII.
public enum TerminalLocale {
    /// Adopts the user's locale (`setlocale(LC_ALL, "")`) and returns whether its
    /// character set is UTF-8. When it is not, draw with ASCII.
    @discardableResult
    public static func activate() -> Bool {
        setlocale(LC_ALL, "")
        return isUTF8
    }

    /// Whether the current locale's character set (`nl_langinfo(CODESET)`) is UTF-8.
    public static var isUTF8: Bool { sm_locale_is_utf8() != 0 }
}
