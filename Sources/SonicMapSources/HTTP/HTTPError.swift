/// Why an HTTP request produced no response. A response with any status, 4xx and 5xx
/// included, is not an error here: the Tempo and Prometheus clients interpret statuses.
///
/// Every message names the URL (never credentials or the query), says what went wrong
/// and what to do about it. Secret values never appear.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which timeout expired.
    public enum TimeoutPhase: String, Sendable {
        /// No connection within the connect timeout (DNS, TCP and TLS handshakes).
        case connect
        /// Connected, but the whole request did not finish within the request timeout.
        case request
    }

    /// Connection refused, host not found, network unreachable.
    case cannotConnect(url: String, reason: String)
    case timeout(url: String, phase: TimeoutPhase, seconds: Double)
    /// Certificate verification, handshake, or a CA / client certificate file problem.
    case tls(url: String, reason: String)
    /// The decompressed body passed `limit` bytes; the transfer was stopped there.
    case tooLarge(url: String, limit: Int)
    /// The bodies of all the requests sent together (one refresh) passed `budget` bytes,
    /// counted after decompression; this transfer was stopped, or never finished.
    case overBudget(url: String, budget: Int)
    /// The request was cancelled (the window or the source changed) or the client shut down.
    case cancelled(url: String)
    /// The request could not be built: a malformed URL, a secret that cannot be read, a
    /// header with a line break.
    case invalidRequest(url: String, reason: String)
    /// The connection broke mid-way or the server spoke broken HTTP or encoding.
    case transfer(url: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotConnect(url, reason):
            "cannot connect to \(url): \(reason). Check the URL and that the server is running and reachable from here (for a cluster service, e.g. `kubectl port-forward`)"
        case let .timeout(url, .connect, seconds):
            "no connection to \(url) within the \(Self.seconds(seconds)) connect timeout: check that the host is reachable (firewall, VPN, proxy settings), or raise --connect-timeout"
        case let .timeout(url, .request, seconds):
            "\(url) did not answer within the \(Self.seconds(seconds)) request timeout: the server is slow or overloaded; use a shorter --window, or raise --timeout"
        case let .tls(url, reason):
            "TLS failure talking to \(url): \(reason). For a private CA give its certificate with --ca-file; --insecure-skip-tls-verify turns verification off"
        case let .tooLarge(url, limit):
            "the response from \(url) is larger than the \(Self.bytes(limit)) limit (counted after decompression): narrow the request (shorter --window, lower limit), or raise --max-response-bytes"
        case let .overBudget(url, budget):
            "the responses of one refresh together passed the \(Self.bytes(budget)) memory budget (counted after decompression) while reading \(url): narrow the request (shorter --window, lower limit), or raise --max-response-bytes"
        case let .cancelled(url):
            "request to \(url) was cancelled"
        case let .invalidRequest(url, reason):
            "cannot send a request to \(url): \(reason)"
        case let .transfer(url, reason):
            "the transfer from \(url) failed: \(reason)"
        }
    }

    /// The URL the error is about, for grouping messages.
    public var url: String {
        switch self {
        case let .cannotConnect(url, _), let .timeout(url, _, _), let .tls(url, _), let .tooLarge(url, _), let .overBudget(url, _),
            let .cancelled(url), let .invalidRequest(url, _), let .transfer(url, _):
            url
        }
    }

    /// True for `.cancelled`: no failure of the server, nothing to report.
    public var isCancelled: Bool {
        if case .cancelled = self { return true }
        return false
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// `256 MiB`, `1.5 KiB`, `900 bytes`.
    static func bytes(_ n: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where n >= size {
            let v = Double(n) / Double(size)
            return v == v.rounded() ? "\(Int(v)) \(name)" : "\((v * 10).rounded() / 10) \(name)"
        }
        return "\(n) bytes"
    }
}
