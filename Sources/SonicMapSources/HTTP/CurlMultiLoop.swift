import CCurl
import Foundation
import SonicMapCore

/// The dedicated thread that drives every transfer of an `HTTPClient` through one
/// `curl_multi` handle: connections are reused and HTTP/2 streams multiplexed across
/// refreshes.
///
/// The thread sleeps in `curl_multi_poll` and is woken with `curl_multi_wakeup` when work
/// arrives, a token is cancelled, or the client stops. Only this thread touches the
/// multi handle and the transfers while they are in flight.
///
/// Unchecked because libcurl's handles are raw pointers the compiler cannot follow: a
/// transfer crosses threads once, through `incoming`, and `active` is the loop thread's
/// alone; what other threads share is in `shared`.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Shared {
        var incoming: [CurlTransfer] = []
        var stopping = false
        var finished = 0
    }

    private let multi: UnsafeMutableRawPointer
    private let shared = Locked(Shared())
    /// In flight, by easy handle; loop thread only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init?() {
        guard CurlRuntime.ensureInitialized(), let multi = curl_multi_init() else { return nil }
        self.multi = multi
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "sonicmap-http"
        thread.start()
    }

    /// Hands transfers to the loop. After `stop`, they finish at once as cancelled.
    func submit(_ transfers: [CurlTransfer]) {
        let refused = shared.withLockedValue { s in
            if !s.stopping { s.incoming += transfers }
            return s.stopping
        }
        if refused {
            for t in transfers { t.batch.complete(t.index, .failure(.cancelled(url: t.url))) }
        } else {
            wake()
        }
    }

    /// Makes the loop look at cancellations and new work now. Safe from any thread.
    func wake() { _ = curl_multi_wakeup(multi) }

    /// Ends the loop: transfers in flight finish as cancelled, then the handle is freed.
    func stop() {
        shared.withLockedValue { $0.stopping = true }
        wake()
    }

    /// Transfers finished so far, whatever their outcome.
    var finishedCount: Int { shared.withLockedValue { $0.finished } }

    private func run() {
        var running: Int32 = 0
        while true {
            let (adding, stop) = shared.withLockedValue { s in
                defer { s.incoming.removeAll() }
                return (s.incoming, s.stopping)
            }
            if stop {
                for t in adding { finish(t, .failure(.cancelled(url: t.url)), inMulti: false) }
                for t in Array(active.values) { finish(t, .failure(.cancelled(url: t.url)), inMulti: true) }
                curl_multi_cleanup(multi)
                return
            }
            for t in adding {
                if t.cancellation?.isCancelled == true {
                    finish(t, .failure(.cancelled(url: t.url)), inMulti: false)
                } else if curl_multi_add_handle(multi, t.easy) == CURLM_OK {
                    active[t.easy] = t
                } else {
                    finish(t, .failure(.transfer(url: t.url, reason: "libcurl refused the transfer")), inMulti: false)
                }
            }
            for t in Array(active.values) where t.cancellation?.isCancelled == true {
                finish(t, .failure(.cancelled(url: t.url)), inMulti: true)
            }
            _ = curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle, let t = active[easy] else { continue }
                finish(t, t.outcome(sm_curlmsg_result(message)), inMulti: true)
            }
            // A batch whose memory budget is spent stops its other transfers too.
            for t in Array(active.values) where t.batch.budgetSpent {
                finish(t, .failure(.overBudget(url: t.url, budget: t.batch.budget)), inMulti: true)
            }
            // Sleeps until a socket is ready, libcurl's next timeout, or a wake-up.
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func finish(_ t: CurlTransfer, _ result: Result<HTTPResponse, HTTPError>, inMulti: Bool) {
        if inMulti {
            _ = curl_multi_remove_handle(multi, t.easy)
            active[t.easy] = nil
        }
        shared.withLockedValue { $0.finished += 1 }
        t.batch.complete(t.index, result)
    }
}
