/// Triton's `nv_inference_*` rates, keyed by pod and model or by pod alone.
struct TritonRates<Key: Hashable> {
    var inferences: [Key: Double]
    var executions: [Key: Double]
    /// Microseconds per second spent in each phase.
    var queue: [Key: Double]
    var input: [Key: Double]
    var infer: [Key: Double]
    var output: [Key: Double]
    /// `nv_inference_request_success` and `_failure` per second.
    var successes: [Key: Double]
    var failures: [Key: Double]

    /// The same rates summed under a coarser key, as `sum by` a subset of the labels would.
    func regrouped<Coarser: Hashable>(_ coarser: (Key) -> Coarser) -> TritonRates<Coarser> {
        func sum(_ d: [Key: Double]) -> [Coarser: Double] {
            d.reduce(into: [:]) { $0[coarser($1.key), default: 0] += $1.value }
        }
        return TritonRates<Coarser>(
            inferences: sum(inferences), executions: sum(executions), queue: sum(queue),
            input: sum(input), infer: sum(infer), output: sum(output), successes: sum(successes), failures: sum(failures))
    }

    /// Requests per second (success + failure) at `key`; nil when neither counter is scraped.
    func requests(_ key: Key) -> Double? {
        guard successes[key] != nil || failures[key] != nil else { return nil }
        return (successes[key] ?? 0) + (failures[key] ?? 0)
    }

    /// Milliseconds per execution of one phase at `key`: µs/s over executions/s, over 1000.
    /// Nil when either rate is missing or there were no executions (0/0).
    func millisPerExecution(_ phase: KeyPath<Self, [Key: Double]>, _ key: Key) -> Double? {
        millisPerExecution(micros: self[keyPath: phase][key], key)
    }

    /// Compute (input + infer + output) in milliseconds per execution, when all three are known.
    func computeMillisPerExecution(_ key: Key) -> Double? {
        guard let i = input[key], let f = infer[key], let o = output[key] else { return nil }
        return millisPerExecution(micros: i + f + o, key)
    }

    private func millisPerExecution(micros: Double?, _ key: Key) -> Double? {
        guard let micros, let executions = executions[key] else { return nil }
        let ms = micros / executions / 1000
        return ms.isFinite ? ms : nil
    }
}
