import ArgumentParser
import Foundation

/// The whole `sonicmap` process: parses the arguments, runs the command and turns every
/// way out into the exit status and message the command-line contract gives it. The
/// executable's `main.swift` only calls `run()`, so everything here can be unit-tested.
public enum CommandLineMain {
    /// Runs `sonicmap` with `arguments` (the process's own when nil) and exits.
    public static func run(_ arguments: [String]? = nil) -> Never {
        // A write past a file-size limit (`ulimit -f`) fails with EFBIG, which the writers report
        // and clean up after, instead of killing the process with a temp file left behind.
        signal(SIGXFSZ, SIG_IGN)

        // Usage errors exit 2 (ArgumentParser's default is 64), as the command-line contract says.
        do {
            var command = try SonicMapCommand.parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let quit as ExitCodeFailure {
            Foundation.exit(quit.code)
        } catch let failure as CommandFailure {
            let prefix = failure.message.hasPrefix("sonicmap") ? "" : "sonicmap: "
            StandardError.write(prefix + failure.message + "\n")
            Foundation.exit(failure.exitCode)
        } catch {
            let code = SonicMapCommand.exitCode(for: error)
            let message = SonicMapCommand.fullMessage(for: error)
            if code == .success {
                do {
                    try StandardOutput.write(message + "\n")
                } catch {
                    StandardError.write("sonicmap: \(error.message)\n")
                    Foundation.exit(1)
                }
                Foundation.exit(0)
            }
            StandardError.write(message + "\n")
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
