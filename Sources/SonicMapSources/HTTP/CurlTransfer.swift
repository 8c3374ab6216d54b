import CCurl
import Foundation
import SonicMapCore

/// One easy handle with everything it needs while in flight: the body collected so far
/// (capped), the response headers, the header list and the error buffer libcurl writes.
///
/// Built and configured on the calling thread, then owned by the multi loop until it
/// finishes; libcurl's callbacks reach it through an unretained pointer, which stays
/// valid because the loop holds the transfer.
final class CurlTransfer {
    let easy: UnsafeMutableRawPointer
    let index: Int
    let batch: CurlBatch
    let cancellation: HTTPCancellation?
    let url: String
    private let limit: Int
    private let timeoutSeconds: Double
    private let connectTimeoutSeconds: Double
    /// Values that must never appear in a message (tokens, passwords, URL user info).
    private let secrets: [String]
    private var body = Data()
    private var headers: [String: String] = [:]
    private var exceeded = false
    /// The batch's shared budget ran out while this transfer was receiving.
    private var overBudget = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private init(
        easy: UnsafeMutableRawPointer, request: HTTPRequest, index: Int, batch: CurlBatch, cancellation: HTTPCancellation?, secrets: [String]
    ) {
        self.easy = easy
        self.index = index
        self.batch = batch
        self.cancellation = cancellation
        url = request.displayURL
        limit = max(0, request.endpoint.maxResponseBytes)
        timeoutSeconds = request.endpoint.timeoutSeconds
        connectTimeoutSeconds = request.endpoint.connectTimeoutSeconds
        self.secrets = secrets.filter { !$0.isEmpty }
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// A configured transfer, or why the request cannot be sent. Secrets are read here,
    /// at request time, so a rotated token file is picked up on the next refresh.
    static func make(
        _ request: HTTPRequest, index: Int, batch: CurlBatch, cancellation: HTTPCancellation?
    ) -> Result<CurlTransfer, HTTPError> {
        let url = request.displayURL
        guard CurlRuntime.ensureInitialized(), let easy = curl_easy_init() else {
            return .failure(.invalidRequest(url: url, reason: "libcurl could not be initialised"))
        }
        let lines: [String]
        var secrets: [String] = []
        if let parts = URLComponents(string: request.endpoint.baseURL) {
            if let password = parts.percentEncodedPassword { secrets.append(password) }
        }
        switch headerLines(request, secrets: &secrets) {
        case .success(let l): lines = l
        case .failure(let e):
            curl_easy_cleanup(easy)
            return .failure(e)
        }
        let transfer = CurlTransfer(easy: easy, request: request, index: index, batch: batch, cancellation: cancellation, secrets: secrets)
        for line in lines { transfer.headerList = curl_slist_append(transfer.headerList, line) }
        if let problem = transfer.configure(request) { return .failure(.invalidRequest(url: url, reason: problem)) }
        return .success(transfer)
    }

    /// Accept, tenant, authorization and extra headers, checked for line breaks.
    private static func headerLines(_ request: HTTPRequest, secrets: inout [String]) -> Result<[String], HTTPError> {
        let endpoint = request.endpoint
        let url = request.displayURL
        var lines: [String] = []
        if let accept = request.accept { lines.append("Accept: \(accept)") }
        if let tenant = endpoint.tenant, !tenant.isEmpty { lines.append("X-Scope-OrgID: \(tenant)") }
        do {
            switch endpoint.auth {
            case .none:
                break
            case .bearer(let source):
                let token = try source.read()
                secrets.append(token)
                guard !containsLineBreak(token) else {
                    return .failure(.invalidRequest(url: url, reason: "the bearer token from \(source) contains a line break"))
                }
                lines.append("Authorization: Bearer \(token)")
            case .basic(let user, let source):
                let password = try source.read()
                secrets.append(password)
                guard !containsLineBreak(user) else {
                    return .failure(.invalidRequest(url: url, reason: "the basic-auth user name contains a line break"))
                }
                let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
                secrets.append(encoded)
                lines.append("Authorization: Basic \(encoded)")
            }
        } catch {
            return .failure(.invalidRequest(url: url, reason: "\(error)"))
        }
        for (name, value) in endpoint.headers {
            guard !containsLineBreak(name), !containsLineBreak(value), !name.isEmpty, !name.contains(":") else {
                return .failure(.invalidRequest(url: url, reason: "the extra header \"\(SafeText.clean(name))\" has an empty name, a colon or a line break"))
            }
            lines.append("\(name): \(value)")
        }
        if let tenant = endpoint.tenant, containsLineBreak(tenant) {
            return .failure(.invalidRequest(url: url, reason: "the tenant contains a line break"))
        }
        // libcurl would wait for `100 Continue` before sending a large POST body.
        if request.method == .post { lines.append("Expect:") }
        return .success(lines)
    }

    private static func containsLineBreak(_ s: String) -> Bool { s.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0 } }

    /// Sets every option; returns a problem description if libcurl refuses one.
    private func configure(_ request: HTTPRequest) -> String? {
        let tls = request.endpoint.tls
        var codes: [CURLcode] = [
            sm_curl_setopt_string(easy, CURLOPT_URL, request.url),
            sm_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
            sm_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            sm_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.millis(timeoutSeconds)),
            sm_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.millis(connectTimeoutSeconds)),
            sm_curl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""),
            sm_curl_setopt_long(easy, CURLOPT_HTTP_VERSION, sm_http_version_2tls()),
            sm_curl_setopt_long(easy, CURLOPT_PIPEWAIT, 1),
            sm_curl_setopt_string(easy, CURLOPT_USERAGENT, "sonicmap"),
            sm_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            sm_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList),
            sm_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, tls.insecureSkipVerify ? 0 : 1),
            sm_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, tls.insecureSkipVerify ? 0 : 2),
        ]
        if let ca = tls.caFile { codes.append(sm_curl_setopt_string(easy, CURLOPT_CAINFO, Self.expand(ca))) }
        if let cert = tls.clientCertFile { codes.append(sm_curl_setopt_string(easy, CURLOPT_SSLCERT, Self.expand(cert))) }
        if let key = tls.clientKeyFile { codes.append(sm_curl_setopt_string(easy, CURLOPT_SSLKEY, Self.expand(key))) }
        if let form = request.formBody {
            codes.append(sm_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, form.utf8.count))
            codes.append(sm_curl_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, form))
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        codes.append(sm_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        codes.append(sm_curl_setopt_write_function(easy) { data, size, count, user in
            guard let data, let user else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().receiveBody(data, size * count)
        })
        codes.append(sm_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        codes.append(sm_curl_setopt_header_function(easy) { data, size, count, user in
            guard let data, let user else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().receiveHeader(data, size * count)
        })
        guard let bad = codes.first(where: { $0 != CURLE_OK }) else { return nil }
        return "libcurl refused an option: \(String(cString: curl_easy_strerror(bad)))"
    }

    private static func millis(_ seconds: Double) -> Int {
        seconds.isFinite && seconds > 0 ? max(1, Int((seconds * 1000).rounded())) : 0
    }

    private static func expand(_ path: String) -> String { (path as NSString).expandingTildeInPath }

    // MARK: - Callbacks (loop thread)

    /// Appends decoded body bytes; returning less than `count` makes libcurl abort.
    private func receiveBody(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        guard body.count + count <= limit else {
            exceeded = true
            return 0
        }
        guard batch.charge(count) else {
            overBudget = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) { body.append($0, count: count) }
        return count
    }

    /// Collects the headers of the last response (a redirect or `100 Continue` starts over).
    private func receiveHeader(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return count
        }
        guard let colon = line.firstIndex(of: ":") else { return count }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
        // An announced plain body over the limit is refused before it is read.
        if name == "content-length", headers["content-encoding"] == nil, let n = Int(value) {
            if n > limit {
                exceeded = true
                return 0
            }
            if !batch.fits(n) {
                overBudget = true
                return 0
            }
            body.reserveCapacity(n)
        }
        return count
    }

    // MARK: - Outcome (loop thread)

    /// The response, or the error, once libcurl reports the transfer done with `code`.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        if exceeded { return .failure(.tooLarge(url: url, limit: limit)) }
        if overBudget { return .failure(.overBudget(url: url, budget: batch.budget)) }
        if code == CURLE_OK {
            var status = 0
            _ = sm_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: headers, body: body, url: url))
        }
        return .failure(error(code))
    }

    private func error(_ code: CURLcode) -> HTTPError {
        let reason = detail(code)
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotConnect(url: url, reason: reason)
        case CURLE_OPERATION_TIMEDOUT:
            return connectedBeforeTimeout(reason)
                ? .timeout(url: url, phase: .request, seconds: timeoutSeconds)
                : .timeout(url: url, phase: .connect, seconds: min(connectTimeoutSeconds, timeoutSeconds > 0 ? timeoutSeconds : .infinity))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_USE_SSL_FAILED:
            return .tls(url: url, reason: reason)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidRequest(url: url, reason: "\(reason); the URL must look like http://host:port or https://host/prefix")
        default:
            return .transfer(url: url, reason: reason)
        }
    }

    /// libcurl's own wording tells the phases apart: "Connection timed out" and "Resolving
    /// timed out" before a connection, "Operation timed out" after.
    private func connectedBeforeTimeout(_ reason: String) -> Bool {
        if reason.hasPrefix("Operation timed out") { return true }
        if reason.hasPrefix("Connection timed out") || reason.hasPrefix("Resolving timed out") { return false }
        var pretransfer = 0.0
        _ = sm_curl_getinfo_double(easy, CURLINFO_PRETRANSFER_TIME, &pretransfer)
        return pretransfer > 0
    }

    /// libcurl's message for the failure, with any secret blanked out.
    private func detail(_ code: CURLcode) -> String {
        var text = String(cString: errorBuffer)
        if text.isEmpty { text = String(cString: curl_easy_strerror(code)) }
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: "***") }
        return SafeText.clean(text)
    }
}
