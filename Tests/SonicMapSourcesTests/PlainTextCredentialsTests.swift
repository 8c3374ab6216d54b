import Testing
@testable import SonicMapSources

/// A bearer token or password sent over plain http:// to another machine is warned
/// about; loopback, https and no credentials are not. In-process: no host is contacted.
@Suite struct PlainTextCredentialsTests {
    static let token = AuthConfig.bearer(token: .environment("T"))

    @Test(arguments: ["http://tempo.example.com:3200", "http://10.0.0.7", "HTTP://prom.internal/prefix", "http://[2001:db8::1]:9090"])
    func bearerOverPlainHTTPToAnotherHostWarns(url: String) throws {
        let warning = try #require(PlainTextCredentials.warning("Tempo", EndpointConfig(baseURL: url, auth: Self.token)))
        #expect(warning.contains("bearer token") && warning.contains("https://"))
    }

    @Test(arguments: ["http://localhost:3200", "http://127.0.0.1:9090", "http://127.8.9.10", "http://[::1]:3200", "https://tempo.example.com"])
    func loopbackOrTLSDoesNot(url: String) {
        #expect(PlainTextCredentials.warning("Tempo", EndpointConfig(baseURL: url, auth: Self.token)) == nil)
    }

    @Test func basicAuthAndURLPasswordsWarnTooButNoCredentialsDoNot() throws {
        let basic = EndpointConfig(baseURL: "http://prom.example.com", auth: .basic(user: "u", password: .file("/p")))
        #expect(try #require(PlainTextCredentials.warning("Prometheus", basic)).contains("basic-auth password"))
        let inURL = try #require(PlainTextCredentials.warning("Prometheus", EndpointConfig(baseURL: "http://bob:hunter2@prom.example.com")))
        #expect(inURL.contains("password in the URL") && !inURL.contains("hunter2"))
        #expect(PlainTextCredentials.warning("Prometheus", EndpointConfig(baseURL: "http://prom.example.com")) == nil)
        #expect(PlainTextCredentials.warning("Prometheus", EndpointConfig(baseURL: "http://127.0.0.1.evil.com", auth: Self.token)) != nil)
    }

    @Test func effectiveConfigListsTheWarnings() throws {
        let env = ["SONICMAP_TEMPO_URL": "http://tempo.example.com", "SONICMAP_PROMETHEUS_URL": "http://127.0.0.1:9090", "SONICMAP_TOKEN": "abc"]
        let config = try EffectiveConfig.resolve(flags: ConfigLayer(), environment: env, file: nil)
        #expect(config.securityWarnings.count == 1)
        #expect(config.securityWarnings.first?.hasPrefix("Tempo (http://tempo.example.com)") == true)
        #expect(config.securityWarnings.first?.contains("abc") == false)
    }

    /// A malformed `--header` never echoes what was given: it may be a secret.
    @Test(arguments: ["X-Api-Key SECRET-VALUE", "X-Api-Key SECRET-VALUE: x", "Bad\u{1B}Name SECRET-VALUE: y"])
    func malformedHeaderNeverEchoesItsText(text: String) {
        do {
            _ = try ConfigHeader(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(!error.problem.contains("SECRET"), "\(error.problem)")
            #expect(error.problem.contains("Name: value") || error.problem.contains("header name"))
        }
    }
}
