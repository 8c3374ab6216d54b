import ArgumentParser
import Foundation

// Usage errors exit 2 (ArgumentParser's default is 64), as the command-line contract says.
do {
    var command = try SonicMapCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch let quit as ExitCodeFailure {
    Foundation.exit(quit.code)
} catch let failure as CommandFailure {
    let prefix = failure.message.hasPrefix("sonicmap") ? "" : "sonicmap: "
    FileHandle.standardError.write(Data((prefix + failure.message + "\n").utf8))
    Foundation.exit(failure.exitCode)
} catch {
    let code = SonicMapCommand.exitCode(for: error)
    let message = SonicMapCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
}
