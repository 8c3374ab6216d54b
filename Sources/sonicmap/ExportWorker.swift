import Foundation
import SonicMapCore
import SonicMapExport
import SonicMapUI

/// Carries out the TUI's export jobs on a background queue, so a slow disk (NFS home
/// directories are common on HPC login nodes) never freezes the screen. Results wait in
/// a mailbox until the UI thread drains them.
final class ExportWorker: @unchecked Sendable {
    private let lock = NSLock()
    private var finished: [AppEvent] = []
    private let queue = DispatchQueue(label: "sonicmap-export")
    private let themes: [String: Theme]
    private let wake: @Sendable () -> Void

    init(themes: [String: Theme], wake: @escaping @Sendable () -> Void) {
        self.themes = themes
        self.wake = wake
    }

    func submit(_ job: ExportJob) {
        let theme = themes[job.themeName] ?? .builtinDefault
        queue.async { [self] in
            let outcome = ExportWorker.run(job, theme: theme)
            lock.lock()
            finished.append(.exported(outcome))
            lock.unlock()
            wake()
        }
    }

    func drain() -> [AppEvent] {
        lock.lock()
        defer { lock.unlock() }
        let out = finished
        finished.removeAll()
        return out
    }

    /// Encodes and writes one job.
    static func run(_ job: ExportJob, theme: Theme) -> ExportOutcome {
        do {
            let bytes = try SnapshotExporter.encode(job, theme: theme)
            try ExportFile.write(bytes, to: job.path, force: job.force)
            return .written(path: job.path, bytes: bytes.count)
        } catch let failure as ExportFile.Failure {
            if case .exists = failure { return .exists(job) }
            return .failed(failure.description)
        } catch {
            return .failed(String(describing: error))
        }
    }
}
