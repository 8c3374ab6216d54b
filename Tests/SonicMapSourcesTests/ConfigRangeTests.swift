import Testing
@testable import SonicMapSources

/// Every number a flag, variable or config key takes is range-checked with a message that
/// names both bounds, whichever side the value falls on; huge values never overflow.
@Suite struct ConfigRangeTests {
    func problem(_ parse: (String) throws(ConfigValueError) -> Double, _ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func durationsNameTheirRange() {
        #expect(problem(ConfigValue.window, "1000000d") == "must be between 10s and 720h")
        #expect(problem(ConfigValue.window, "3s") == "must be between 10s and 720h")
        #expect(problem(ConfigValue.window, "99999999999999999999s") == "must be between 10s and 720h")
        #expect(problem(ConfigValue.window, "1e400")?.contains("is not a duration") == true)
        #expect(problem(ConfigValue.refresh, "400d") == "must be between 1s and 24h")
        #expect(problem(ConfigValue.timeout, "1e300") == "must be between 0.1s and 1h")
        #expect(problem(ConfigValue.window, "30d") == nil && problem(ConfigValue.window, "10s") == nil)
    }

    @Test func latenciesNameTheirRange() {
        #expect(problem(ConfigValue.latency, "1e308s") == "must be between 1µs and 24h")
        #expect(problem(ConfigValue.latency, "0.001ns") == "must be between 1µs and 24h")
        #expect(problem(ConfigValue.latency, "0ms") == "must be above 0")
        #expect(problem(ConfigValue.latency, "250ms") == nil)
    }
}
