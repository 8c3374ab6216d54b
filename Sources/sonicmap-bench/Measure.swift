import Foundation

/// Times a piece of work over several runs and reports the fastest and the median, so
/// one slow run (another process, a page fault) does not decide the number; and the
/// median CPU time of this thread, which other processes on a shared machine do not inflate.
struct Measurement {
    var name: String
    var runs: [Double]
    var cpuRuns: [Double]
    var unitsPerRun: Double
    var unit: String
    var bytesPerRun: Double

    var best: Double { runs.min() ?? .nan }
    var median: Double { runs.sorted()[runs.count / 2] }
    var cpuMedian: Double { cpuRuns.sorted()[cpuRuns.count / 2] }

    static func run(_ name: String, runs: Int = 5, units: Double = 1, unit: String = "op", bytes: Double = 0, _ body: () -> Void) -> Measurement {
        body()  // warm-up
        var times: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = threadCPUSeconds()
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            cpu.append(threadCPUSeconds() - c0)
        }
        return Measurement(name: name, runs: times, cpuRuns: cpu, unitsPerRun: units, unit: unit, bytesPerRun: bytes)
    }

    var row: String {
        var cols = [
            name.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%9.2f ms", median * 1000),
            String(format: "%9.2f ms", best * 1000), String(format: "%9.2f ms", cpuMedian * 1000),
        ]
        if unitsPerRun > 1 { cols.append(String(format: "%12.0f %@/s", unitsPerRun / median, unit)) }
        if bytesPerRun > 0 { cols.append(String(format: "%8.0f MB/s", bytesPerRun / median / 1e6)) }
        return cols.joined(separator: "  ")
    }
}

/// CPU time this thread has used, in seconds.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size of this process so far, in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
