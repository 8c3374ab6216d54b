import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of another program, measured from outside: wall time from spawn to exit, and
/// its peak resident set size.
struct ChildRun {
    var seconds: Double
    var peakRSSBytes: Int
}

enum ChildProcess {
    /// GNU time, which reports its child's peak RSS. A program spawned straight from this
    /// (large) process would not do: Linux carries the parent's RSS high-water mark into
    /// the child's `ru_maxrss` across exec, while a child of the small `time` process
    /// starts from `time`'s.
    static let time = "/usr/bin/time"

    /// Runs `argv` (looked up on PATH) with stdout discarded and the current environment;
    /// nil when it cannot be started or fails.
    static func run(_ argv: [String], scratch: URL) -> ChildRun? {
        let report = scratch.appendingPathComponent("time-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let command = [time, "-o", report, "-f", "%M"] + argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let args = command.map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (args + env).forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, time, &actions, nil, args, env) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // WIFEXITED && WEXITSTATUS == 0, spelled out: Swift does not import the macros.
        guard status == 0, let text = try? String(contentsOfFile: report, encoding: .utf8),
            let kib = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return ChildRun(seconds: seconds, peakRSSBytes: kib * 1024)
    }
}
