import CCurl
import Foundation

/// Process-wide libcurl setup, done once before the first handle is made:
/// `curl_global_init`, and SIGPIPE ignored so a peer closing a socket mid-write gives an
/// error instead of killing the process (the terminal backend ignores it too).
enum CurlRuntime {
    private static let initialized: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(sm_curl_global_all()) == CURLE_OK
    }()

    /// Initialises libcurl if that has not happened yet; false if it failed.
    static func ensureInitialized() -> Bool { initialized }
}
