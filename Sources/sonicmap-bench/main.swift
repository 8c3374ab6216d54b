import Foundation

// sonicmap-bench: benchmarks on fixed inputs, built in release by `make bench`.
// Never part of `make test`; numbers go in the README with the command that made them.
// `sonicmap-bench --write-json PATH` writes the 100k-span Tempo JSON for comparisons;
// `sonicmap-bench --decode PATH` decodes one trace file (the child of the side-by-side run).
let args = CommandLine.arguments
if args.count == 3, args[1] == "--write-json" {
    print("wrote \(TraceBenchmarks.writeJSON(to: args[2])) bytes to \(args[2])")
    exit(0)
}
if args.count == 3, args[1] == "--decode" {
    exit(DecoderComparison.decode(path: args[2]))
}
print("sonicmap-bench (release build, fixed inputs; median and best of several runs)")
print(String(repeating: "-", count: 110))
for m in TraceBenchmarks.run() + MapBenchmarks.run() { print(m.row) }
print(String(repeating: "-", count: 110))
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
print("")
for line in DecoderComparison.run(trace: TraceBenchmarks.trace) { print(line) }
