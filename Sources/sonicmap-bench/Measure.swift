import Foundation

/// Times a piece of work over several runs and reports the fastest and the median, so
/// one slow run (another process, a page fault) does not decide the number.
struct Measurement {
    var name: String
    var runs: [Double]
    var unitsPerRun: Double
    var unit: String
    var bytesPerRun: Double

    var best: Double { runs.min() ?? .nan }
    var median: Double { runs.sorted()[runs.count / 2] }

    static func run(_ name: String, runs: Int = 5, units: Double = 1, unit: String = "op", bytes: Double = 0, _ body: () -> Void) -> Measurement {
        body()  // warm-up
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return Measurement(name: name, runs: times, unitsPerRun: units, unit: unit, bytesPerRun: bytes)
    }

    var row: String {
        var cols = [name.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%9.2f ms", median * 1000), String(format: "%9.2f ms", best * 1000)]
        if unitsPerRun > 1 { cols.append(String(format: "%12.0f %@/s", unitsPerRun / median, unit)) }
        if bytesPerRun > 0 { cols.append(String(format: "%8.0f MB/s", bytesPerRun / median / 1e6)) }
        return cols.joined(separator: "  ")
    }
}

/// Peak resident set size of this process so far, in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
