import Foundation

// sonicmap-bench: benchmarks on fixed inputs, built in release by `make bench`.
// Never part of `make test`; numbers go in the README with the command that made them.
print("sonicmap-bench (release build, fixed inputs; median and best of several runs)")
print(String(repeating: "-", count: 100))
for m in MapBenchmarks.run() { print(m.row) }
print(String(repeating: "-", count: 100))
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
