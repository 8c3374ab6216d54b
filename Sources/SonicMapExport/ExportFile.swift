import Foundation

/// Writes export files atomically (a temporary file beside the target, then a rename or
/// link), and never replaces an existing file unless told to; even then only a regular
/// file is replaced, never a device, a FIFO, a socket, a directory or a symbolic link.
/// The temporary file is removed on every failure.
public enum ExportFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file exists and `force` was not given.
        case exists(String)
        /// The path exists and is not a regular file (`kind` says what it is): `--force`
        /// does not replace it, and nothing was opened there.
        case notRegularFile(path: String, kind: String)
        case cannotWrite(path: String, reason: String)
        /// The write was abandoned (`WriteCancellation`): sonicmap quit before it finished.
        case cancelled(String)

        public var description: String {
            switch self {
            case .exists(let p): "\(p) exists; use --force to overwrite it"
            case let .notRegularFile(p, kind):
                "\(p) is \(kind), not a regular file: --force only replaces regular files. Choose another path, or use -o - to write to standard output (and a pipe from there)"
            case .cannotWrite(let p, let why): "cannot write \(p): \(why)"
            case .cancelled(let p): "\(p) was not written: sonicmap quit before the export finished"
            }
        }

        /// True when the user asked for something that cannot be done (exit 2), rather
        /// than the system failing (exit 1).
        public var isUsageProblem: Bool {
            if case .notRegularFile = self { return true }
            return false
        }
    }

    /// What is at `path` when it exists and is not a regular file ("a FIFO", "a
    /// character device", …); nil when nothing is there or it is a regular file.
    public static func nonRegularKind(at path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "not a plain file"
        }
    }

    /// Writes `bytes` to `path`; `cancellation` lets another thread abandon the write
    /// (removing the temporary file) when the process is about to exit.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool, cancellation: WriteCancellation = WriteCancellation()) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "directory \(directory) does not exist")
        }
        if let kind = nonRegularKind(at: path) { throw .notRegularFile(path: path, kind: kind) }
        if !force, FileManager.default.fileExists(atPath: path) { throw .exists(path) }
        let temp = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try TemporaryFileGuard.guarding(temp) { () throws(Failure) in
            let fd = try cancellation.create(temp, for: path)
            var failure = DescriptorOutput.writeAll(bytes, to: fd).map(DescriptorOutput.reason)
            if failure == nil, fsync(fd) != 0 { failure = DescriptorOutput.reason(errno) }
            if close(fd) != 0, failure == nil { failure = DescriptorOutput.reason(errno) }
            try cancellation.commit(path) { () throws(Failure) in
                if let failure {
                    unlink(temp)
                    throw .cannotWrite(path: path, reason: failure)
                }
                try place(temp, at: path, force: force)
            }
        }
    }

    /// Puts the written temporary file at `path`: a hard link when nothing may be replaced
    /// (it fails if the target appeared meanwhile), a rename with `force`.
    private static func place(_ temp: String, at path: String, force: Bool) throws(Failure) {
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
