import Foundation
import SonicMapExport
import Testing
import SonicMapTestSupport

/// `--force` only ever replaces a regular file: a FIFO, a device, a directory or a
/// symbolic link is refused before anything is opened, and stays what it was.
@Suite struct ExportFileKindTests {
    @Test func forceRefusesAFIFOADirectoryAndASymlink() throws {
        let dir = try scratchDirectory("kind")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir.path + "/sub", withIntermediateDirectories: false)
        let target = dir.path + "/real.json"
        try ExportFile.write(Array("real".utf8), to: target, force: false)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link.json", withDestinationPath: target)
        // As root, code with the bug would replace the device it is given: use a null
        // device node of the test's own then, never the system's /dev/null.
        var device = "/dev/null"
        if geteuid() == 0 {
            device = dir.path + "/null"
            #expect(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0, "mknod of a null device (major 1, minor 3)")
        }
        for (path, kind) in [(fifo, "a FIFO"), (dir.path + "/sub", "a directory"), (dir.path + "/link.json", "a symbolic link"), (device, "a character device")] {
            #expect(throws: ExportFile.Failure.notRegularFile(path: path, kind: kind)) { try ExportFile.write(Array("x".utf8), to: path, force: true) }
            #expect(ExportFile.Failure.notRegularFile(path: path, kind: kind).isUsageProblem)
        }
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self) == "real")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == (["link.json", "out.fifo", "real.json", "sub"] + (geteuid() == 0 ? ["null"] : [])).sorted())
        try ExportFile.write(Array("new".utf8), to: target, force: true)
        #expect(String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self) == "new")
    }
}
