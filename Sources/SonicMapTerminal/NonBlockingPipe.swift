import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The two ends of a pipe, both non-blocking and close-on-exec.
struct NonBlockingPipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard sm_make_pipe(&fds) == 0 else { throw .system("pipe") }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// Writes one byte. A full pipe (EAGAIN) already holds a pending wake-up, so
    /// failures are ignored.
    func write(_ byte: UInt8) {
        var b = byte
        _ = Glibc.write(writeEnd, &b, 1)
    }

    /// Reads every byte currently in the pipe without blocking.
    func readAvailable() -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
            if n > 0 {
                out.append(contentsOf: buffer[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return out
            }
        }
    }

    func close() {
        _ = Glibc.close(readEnd)
        _ = Glibc.close(writeEnd)
    }
}
