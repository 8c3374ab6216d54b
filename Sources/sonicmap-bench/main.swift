import Foundation

// sonicmap-bench: benchmarks on fixed inputs, built in release by `make bench`.
// Never part of `make test`; numbers go in the README with the command that made them.
// `sonicmap-bench --write-json PATH` writes the 100k-span Tempo JSON for comparisons;
// `sonicmap-bench --decode PATH` decodes one trace file (the child of the side-by-side run);
// `sonicmap-bench trace|map|graph` runs one group (for profiling one thing at a time).
let args = CommandLine.arguments
if args.count == 3, args[1] == "--write-json" {
    print("wrote \(TraceBenchmarks.writeJSON(to: args[2])) bytes to \(args[2])")
    exit(0)
}
if args.count == 3, args[1] == "--decode" {
    exit(DecoderComparison.decode(path: args[2]))
}
let groups: [(String, () -> [Measurement])] = [("trace", TraceBenchmarks.run), ("map", MapBenchmarks.frames), ("graph", MapBenchmarks.graph)]
let chosen = args.count == 2 ? groups.filter { $0.0 == args[1] } : groups
if chosen.isEmpty {
    print("usage: sonicmap-bench [trace|map|graph] | --write-json PATH | --decode PATH")
    exit(2)
}
print("sonicmap-bench (release build, fixed inputs; wall median, wall best, CPU median of several runs)")
print(String(repeating: "-", count: 122))
for (_, run) in chosen {
    for m in run() { print(m.row) }
}
print(String(repeating: "-", count: 122))
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
if chosen.contains(where: { $0.0 == "trace" }) {
    print("")
    for line in DecoderComparison.run(trace: TraceBenchmarks.trace) { print(line) }
}
