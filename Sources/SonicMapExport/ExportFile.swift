import Foundation

/// Writes export files atomically (a temporary file beside the target, then a rename or
/// link), and never replaces an existing file unless told to.
public enum ExportFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file exists and `force` was not given.
        case exists(String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .exists(let p): "\(p) exists; use --force to overwrite it"
            case .cannotWrite(let p, let why): "cannot write \(p): \(why)"
            }
        }
    }

    public static func write(_ bytes: [UInt8], to path: String, force: Bool) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "directory \(directory) does not exist")
        }
        if !force, FileManager.default.fileExists(atPath: path) { throw .exists(path) }
        let temp = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temp)
            throw .cannotWrite(path: path, reason: failure)
        }
        // Without force, link() fails if the target appeared meanwhile: nothing is ever replaced.
        // File systems without hard links get a check-then-rename instead.
        var ok = force ? rename(temp, path) == 0 : link(temp, path) == 0
        var code = errno
        if !ok, !force, [EPERM, EOPNOTSUPP, EMLINK, EXDEV].contains(code), !FileManager.default.fileExists(atPath: path) {
            ok = rename(temp, path) == 0
            code = errno
            if ok { return }
        }
        if !force || !ok { unlink(temp) }
        if !ok {
            if code == EEXIST { throw .exists(path) }
            throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
    }
}
