import Foundation
import SonicMapCore

/// Runs the cases in batches, each in a child process (`--worker`), so that a crash does
/// not end the run and a hang can be stopped: the child reports each case before running
/// it; when it dies, or says nothing for `caseTimeout` seconds, the last case it reported
/// is the culprit. Its input is made again from (seed, case) and saved with a report, and
/// a new child carries on after it.
struct FuzzSupervisor {
    let options: FuzzOptions

    /// One case that crashed or hung.
    struct Finding {
        var number: UInt64
        var what: String
        var saved: String
    }

    private var mutator: FuzzMutator?
    private(set) var findings: [Finding] = []
    private(set) var outcomes: [String: Int] = [:]
    private(set) var ran: UInt64 = 0

    init(options: FuzzOptions) { self.options = options }

    mutating func run() -> Int32 {
        let start = Date()
        let end = options.first + options.cases
        var next = options.first
        say("sonicmap-fuzz: seed \(options.seed), cases \(options.first)..<\(end), batches of \(options.batch), case timeout \(Int(options.caseTimeout)) s")
        while next < end {
            if let limit = options.maxSeconds, Date().timeIntervalSince(start) > limit {
                say("sonicmap-fuzz: --max-seconds \(Int(limit)) reached; stopping before case \(next)")
                break
            }
            let count = min(options.batch, end - next)
            guard let reached = batch(first: next, count: count) else { return 2 }
            next = reached
            let elapsed = Date().timeIntervalSince(start)
            say("  \(ran) cases · \(findings.count) crashed or hung · \(String(format: "%.1f", elapsed)) s")
        }
        let elapsed = Date().timeIntervalSince(start)
        let counts = outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        say("sonicmap-fuzz: \(ran) cases (seed \(options.seed)) in \(String(format: "%.1f", elapsed)) s: \(findings.count) crashed or hung; outcomes: \(counts)")
        for f in findings { say("  case \(f.number): \(f.what); input saved to \(f.saved)") }
        return findings.isEmpty ? 0 : 1
    }

    /// Runs `count` cases from `first` in a child; returns the case after the last one
    /// dealt with (all of them, or the culprit), or nil when no child can be started.
    private mutating func batch(first: UInt64, count: UInt64) -> UInt64? {
        let stderrPath = options.out + "/worker-\(getpid()).stderr"
        var arguments = ["--worker", "--seed", "\(options.seed)", "--first", "\(first)", "--cases", "\(count)"]
        if let c = options.injectCrashAt { arguments += ["--inject-crash-at", "\(c)"] }
        if let h = options.injectHangAt { arguments += ["--inject-hang-at", "\(h)"] }
        guard let child = FuzzChild.spawn(arguments, stderrPath: stderrPath) else {
            say("sonicmap-fuzz: cannot start a worker process: \(String(cString: strerror(errno)))")
            return nil
        }
        var lastStarted: UInt64?
        var finished = false
        var hung = false
        var line = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        reading: while true {
            var pfd = pollfd(fd: child.output, events: Int16(POLLIN), revents: 0)
            // Building the corpus (a demo snapshot) comes before the first case.
            let timeout = lastStarted == nil ? max(120, options.caseTimeout) : options.caseTimeout
            let ready = poll(&pfd, 1, Int32(timeout * 1000))
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                hung = true
                kill(child.pid, SIGKILL)
                break
            }
            let n = chunk.withUnsafeMutableBytes { read(child.output, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            for byte in chunk[0..<n] {
                guard byte == UInt8(ascii: "\n") else {
                    line.append(byte)
                    continue
                }
                let text = String(decoding: line, as: UTF8.self)
                line.removeAll()
                if text.hasPrefix("C "), let number = UInt64(text.dropFirst(2)) {
                    if lastStarted != nil { ran += 1 }
                    lastStarted = number
                } else if text.hasPrefix("D ") {
                    ran += 1
                    finished = true
                    for pair in text.dropFirst(2).split(separator: ",") {
                        let kv = pair.split(separator: "=")
                        if kv.count == 2, let v = Int(kv[1]) { outcomes[String(kv[0]), default: 0] += v }
                    }
                    break reading
                }
            }
        }
        close(child.output)
        let status = child.wait()
        if finished && status == 0 {
            unlink(stderrPath)
            return first + count
        }
        guard let culprit = lastStarted else {
            say("sonicmap-fuzz: the worker failed before its first case (status \(status)); see \(stderrPath)")
            return nil
        }
        let what = hung
            ? "hung: no progress for \(Int(options.caseTimeout)) s"
            : (status & 0x7F != 0 ? "crashed with signal \(status & 0x7F)" : "worker exited with status \((status >> 8) & 0xFF)")
        ran += 1
        findings.append(Finding(number: culprit, what: what, saved: save(culprit, what: what, stderrPath: stderrPath)))
        say("sonicmap-fuzz: case \(culprit) (seed \(options.seed)) \(what)")
        return culprit + 1
    }

    /// Writes the culprit's input and a report under `out`; returns the input's path.
    private mutating func save(_ number: UInt64, what: String, stderrPath: String) -> String {
        if mutator == nil { mutator = FuzzMutator(corpus: FuzzCorpus.make(), runSeed: options.seed) }
        let input = mutator!.input(number)
        let base = options.out + "/seed\(options.seed)-case\(number)-\(input.kind.rawValue)"
        _ = FileManager.default.createFile(atPath: base + ".bin", contents: Data(input.bytes))
        let stderrText = (try? String(contentsOfFile: stderrPath, encoding: .utf8)).map { String($0.suffix(4_000)) } ?? ""
        unlink(stderrPath)
        let report = """
            case \(number) of seed \(options.seed): \(what)
            kind: \(input.kind.rawValue), mutated from \(input.origin), \(input.bytes.count) bytes
            again:  sonicmap-fuzz --replay \(base).bin --kind \(input.kind.rawValue)
            or:     sonicmap-fuzz --seed \(options.seed) --first \(number) --cases 1
            worker stderr (end):
            \(stderrText)
            """
        _ = FileManager.default.createFile(atPath: base + ".txt", contents: Data(report.utf8))
        return base + ".bin"
    }

    /// One line of the run's report on standard output, unbuffered (a pipe or a CI log
    /// shows progress as it happens); a failed write is ignored.
    private func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress!, $0.count) }
    }
}
