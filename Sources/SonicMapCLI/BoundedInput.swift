import Foundation
import SonicMapSources

/// Reads a whole input file (a trace for `trace --file`, a snapshot) with a size cap that
/// holds while reading: a regular file over the cap is refused before a byte is read, and
/// a stream (`-` from a pipe, `/dev/zero`) is refused as soon as it passes the cap, so an
/// endless input cannot eat the machine's memory.
enum BoundedInput {
    /// The bytes at `path` (`-` is standard input), at most `limit` of them.
    ///
    /// - Parameter raiseWith: how the user raises the cap, for the message.
    static func read(_ path: String, limit: Int, raiseWith: String) throws(CommandFailure) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let why = code == ENOENT ? "it does not exist" : String(cString: strerror(code))
            throw .data("cannot read \(path): \(why)")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw .data("cannot read \(path): it is a directory, not a file") }
            if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit { throw tooLarge(path, limit: limit, raiseWith: raiseWith) }
        }
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .data("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw tooLarge(path, limit: limit, raiseWith: raiseWith) }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    private static func tooLarge(_ path: String, limit: Int, raiseWith: String) -> CommandFailure {
        let name = path == "-" ? "standard input" : path
        return .data("\(name) is larger than the \(ByteSize.format(limit)) input limit: \(raiseWith)")
    }
}
