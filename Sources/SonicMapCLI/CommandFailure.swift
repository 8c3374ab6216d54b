/// A failure with a message for the user and the exit status the contract gives it:
/// 1 for data or network failures, 2 for usage or terminal problems.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    static func data(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }
}
