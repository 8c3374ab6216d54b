import Foundation

/// Writes bytes to a file descriptor whole, retrying short writes and `EINTR`, and reports
/// the first failure instead of losing it: a full disk, `/dev/full`, a closed pipe, or
/// `EFBIG` under a file-size limit (the process ignores SIGXFSZ so that this is an error,
/// not a kill).
public enum DescriptorOutput {
    /// Writes all of `bytes` to `fd`; returns nil, or the `errno` of the failed write.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }

    /// The system's wording for an `errno` value.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
