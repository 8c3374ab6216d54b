import Foundation

/// A worker process: this same executable with `--worker …`, its standard output on a
/// pipe the supervisor reads, its standard error in a file (kept for a crash report).
struct FuzzChild {
    let pid: pid_t
    /// Read end of the worker's standard output.
    let output: Int32

    static func spawn(_ arguments: [String], stderrPath: String) -> FuzzChild? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let executable = "/proc/self/exe"
        let argv = ([CommandLine.arguments.first ?? "sonicmap-fuzz"] + arguments).map { strdup($0) } + [nil]
        // Swift's crash backtracer would take seconds per crash; the message is enough.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            errno = spawned
            return nil
        }
        return FuzzChild(pid: pid, output: fds[0])
    }

    /// Waits for the worker to end; its raw wait status.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status
    }
}
