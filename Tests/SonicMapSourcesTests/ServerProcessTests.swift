import Testing
import SonicMapSources
import SonicMapTestSupport

/// The test-support helper that starts real servers: a fault server answers and stops.
@Suite struct ServerProcessTests {
    @Test func faultServerStartsAnswersAndStops() throws {
        let server = try ServerProcess.faultServer()
        let result = HTTPClient().perform(HTTPRequest(endpoint: EndpointConfig(baseURL: server.baseURL), path: "/ok"))
        #expect(try result.get().status == 200)
        server.stop()
        #expect(!server.process.isRunning)
    }
}
