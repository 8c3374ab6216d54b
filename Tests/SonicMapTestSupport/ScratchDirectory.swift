import Foundation

/// A new empty directory of this test's own under the system's temporary directory
/// (`sonicmap-<purpose>-<uuid>`), so tests running at the same time never share files.
/// The caller removes it when done.
public func scratchDirectory(_ purpose: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonicmap-\(purpose)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
