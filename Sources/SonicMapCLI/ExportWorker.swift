import Foundation
import SonicMapCore
import SonicMapExport
import SonicMapUI

/// Carries out the TUI's export jobs on a background queue, so a slow disk (NFS home
/// directories are common on HPC login nodes) never freezes the screen. Results wait in
/// a mailbox until the UI thread drains them. Quitting calls `finish(grace:)`, so no
/// export in flight leaves a temporary file behind.
final class ExportWorker: Sendable {
    /// How long quitting waits for an export in flight before abandoning it.
    static let quitGrace = 2.0

    private let finished = Mailbox<AppEvent>()
    /// Paths of the jobs submitted and not yet done, oldest first.
    private let pending = Locked<[String]>([])
    private let cancellation = WriteCancellation()
    private let queue = DispatchQueue(label: "sonicmap-export")
    private let themes: [String: Theme]
    private let wake: @Sendable () -> Void

    init(themes: [String: Theme], wake: @escaping @Sendable () -> Void) {
        self.themes = themes
        self.wake = wake
    }

    func submit(_ job: ExportJob) {
        let theme = themes[job.themeName] ?? .builtinDefault
        pending.withLockedValue { $0.append(job.path) }
        queue.async { [self] in
            let outcome = ExportWorker.run(job, theme: theme, cancellation: cancellation)
            pending.withLockedValue { _ = $0.removeFirst() }
            finished.post(.exported(outcome))
            wake()
        }
    }

    /// Waits up to `grace` seconds for the exports in flight, then abandons the rest
    /// (removing their temporary files); returns the paths that were not written.
    func finish(grace: Double = ExportWorker.quitGrace) -> [String] {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        if done.wait(timeout: .now() + grace) == .success { return [] }
        cancellation.cancel()
        return pending.withLockedValue { $0 }
    }

    func drain() -> [AppEvent] { finished.drain() }

    /// Encodes and writes one job.
    static func run(_ job: ExportJob, theme: Theme, cancellation: WriteCancellation) -> ExportOutcome {
        do {
            let bytes = try SnapshotExporter.encode(job, theme: theme)
            try ExportFile.write(bytes, to: job.path, force: job.force, cancellation: cancellation)
            return .written(path: job.path, bytes: bytes.count)
        } catch let failure as ExportFile.Failure {
            if case .exists = failure { return .exists(job) }
            return .failed(failure.description)
        } catch {
            return .failed(String(describing: error))
        }
    }
}
