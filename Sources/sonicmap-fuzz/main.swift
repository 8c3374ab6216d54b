import Foundation
import SonicMapCore

// sonicmap-fuzz: a seeded, reproducible mutation fuzzer over sonicmap's trace and snapshot
// readers. `make fuzz` runs it at length; Tests/e2e/test_fuzz.py runs a fixed seed range.

signal(SIGPIPE, SIG_IGN)
let options: FuzzOptions
switch FuzzOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let o): options = o
case .failure(let usage):
    if !usage.message.isEmpty { FileHandle.standardError.write(Data("sonicmap-fuzz: \(usage.message)\n".utf8)) }
    print(FuzzOptions.usage)
    exit(usage.message.isEmpty ? 0 : 2)
}

if options.worker {
    exit(FuzzWorker.run(options))
}
if let number = options.printCase {
    let input = FuzzMutator(corpus: FuzzCorpus.make(), runSeed: options.seed).input(number)
    FileHandle.standardError.write(Data("case \(number) of seed \(options.seed): \(input.kind.rawValue), from \(input.origin)\n".utf8))
    FileHandle.standardOutput.write(Data(input.bytes))
    exit(0)
}
if let path = options.replay, let kind = options.kind {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("sonicmap-fuzz: cannot read \(path)\n".utf8))
        exit(2)
    }
    print("\(path): \(FuzzTarget.run(FuzzSeed(kind: kind, bytes: Array(data), origin: path)))")
    exit(0)
}
do {
    try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
} catch {
    FileHandle.standardError.write(Data("sonicmap-fuzz: cannot create \(options.out): \(error.localizedDescription)\n".utf8))
    exit(2)
}
var supervisor = FuzzSupervisor(options: options)
exit(supervisor.run())
