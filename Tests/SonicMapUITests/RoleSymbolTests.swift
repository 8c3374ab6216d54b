import Testing
import SonicMapTestSupport
import SonicMapUI

/// Golden style masks must tell every role apart.
@Suite struct RoleSymbolTests {
    @Test func everyRoleHasItsOwnPrintableSymbol() {
        let symbols = Role.allCases.map(RoleSymbol.of)
        #expect(Set(symbols).count == Role.allCases.count, "two roles share a mask symbol")
        #expect(symbols.allSatisfy { $0.isASCII && !$0.isWhitespace })
    }
}
