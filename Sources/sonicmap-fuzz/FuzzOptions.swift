import Foundation

/// The command line of `sonicmap-fuzz` (see `usage`).
struct FuzzOptions {
    var cases: UInt64 = 2_000
    var seed: UInt64 = 1
    var first: UInt64 = 0
    var batch: UInt64 = 500
    var caseTimeout: Double = 20
    var out = ".fuzz"
    var maxSeconds: Double?
    var worker = false
    var replay: String?
    var kind: FuzzSeed.Kind?
    var printCase: UInt64?
    /// For the harness's own tests: this case traps, or hangs, on purpose.
    var injectCrashAt: UInt64?
    var injectHangAt: UInt64?

    static let usage = """
        usage: sonicmap-fuzz [--cases N] [--seed S] [--first C] [--batch B] [--case-timeout SECONDS]
                             [--max-seconds SECONDS] [--out DIR]
               sonicmap-fuzz --replay FILE --kind KIND
               sonicmap-fuzz --print-case C [--seed S] > input.bin

        Mutates the repository's own traces (Tempo v1/v2 JSON, OTLP JSON, protobuf) and demo
        snapshots, seeded and reproducible, and feeds each case to the readers. Batches run in
        child processes: a crash or a hang (no progress for --case-timeout) is caught, its input
        saved under --out (default .fuzz, ignored by git) with the seed and case number, and the
        run goes on. Exit status: 0 when no case crashed or hung, 1 when one did, 2 on bad usage.
        Kinds: \(FuzzSeed.Kind.allCases.map(\.rawValue).joined(separator: ", ")).
        """

    /// Parses `arguments` (without the program name); a message on bad usage.
    static func parse(_ arguments: [String]) -> Result<FuzzOptions, FuzzUsageError> {
        var o = FuzzOptions()
        var it = arguments.makeIterator()
        func value(_ flag: String) throws(FuzzUsageError) -> String {
            guard let v = it.next() else { throw FuzzUsageError("\(flag) needs a value") }
            return v
        }
        func number(_ flag: String, max: UInt64 = 1 << 40) throws(FuzzUsageError) -> UInt64 {
            let text = try value(flag)
            guard let n = UInt64(text), n <= max else { throw FuzzUsageError("\(flag) must be a whole number from 0 to \(max), not '\(text)'") }
            return n
        }
        func seconds(_ flag: String) throws(FuzzUsageError) -> Double {
            let text = try value(flag)
            guard let s = Double(text), s.isFinite, s > 0, s <= 86_400 else { throw FuzzUsageError("\(flag) must be seconds in (0, 86400], not '\(text)'") }
            return s
        }
        do throws(FuzzUsageError) {
            while let arg = it.next() {
                switch arg {
                case "--cases": o.cases = try number(arg)
                case "--seed": o.seed = try number(arg, max: UInt64.max)
                case "--first": o.first = try number(arg)
                case "--batch":
                    o.batch = try number(arg)
                    if o.batch == 0 { throw FuzzUsageError("--batch must be at least 1") }
                case "--case-timeout": o.caseTimeout = try seconds(arg)
                case "--max-seconds": o.maxSeconds = try seconds(arg)
                case "--out": o.out = try value(arg)
                case "--worker": o.worker = true
                case "--replay": o.replay = try value(arg)
                case "--kind":
                    let text = try value(arg)
                    guard let k = FuzzSeed.Kind(rawValue: text) else { throw FuzzUsageError("--kind '\(text)' is not one of \(FuzzSeed.Kind.allCases.map(\.rawValue))") }
                    o.kind = k
                case "--print-case": o.printCase = try number(arg)
                case "--inject-crash-at": o.injectCrashAt = try number(arg)
                case "--inject-hang-at": o.injectHangAt = try number(arg)
                case "-h", "--help": throw FuzzUsageError("")
                default: throw FuzzUsageError("unknown argument '\(arg)'")
                }
            }
            if o.replay != nil && o.kind == nil { throw FuzzUsageError("--replay needs --kind") }
        } catch {
            return .failure(error)
        }
        return .success(o)
    }
}

struct FuzzUsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
