import Foundation
import SonicMapCore

/// A child process running cases `first ..< first + count`: before each case it writes
/// `C <number>` on standard output, so the supervisor knows which input was running when
/// the process died or stopped making progress; at the end `D` and the outcome counts.
enum FuzzWorker {
    static func run(_ o: FuzzOptions) -> Int32 {
        let mutator = FuzzMutator(corpus: FuzzCorpus.make(), runSeed: o.seed)
        var outcomes: [String: Int] = [:]
        for number in o.first..<(o.first + o.cases) {
            say("C \(number)\n")
            if number == o.injectCrashAt { fatalError("sonicmap-fuzz: crash injected at case \(number) (--inject-crash-at)") }
            if number == o.injectHangAt { while true { sleep(60) } }
            outcomes[FuzzTarget.run(mutator.input(number)), default: 0] += 1
        }
        say("D " + outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "\n")
        return 0
    }

    /// Unbuffered: the line must be out before the case can crash.
    private static func say(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                exit(3)
            }
            offset += n
        }
    }
}
