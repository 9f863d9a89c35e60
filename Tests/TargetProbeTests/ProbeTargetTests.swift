import ALBWire
import Testing

@testable import TargetProbe

@Suite struct ProbeTargetTests {
    @Test func parsesHostPortAndPath() throws {
        let target = try ProbeTarget.parse("http://10.0.3.17:8080/health?full=1#x")
        #expect(target.scheme == .http)
        #expect(target.host == "10.0.3.17")
        #expect(target.port == 8080)
        #expect(target.path == "/health?full=1")
        #expect(target.hostHeader == "10.0.3.17:8080")
        #expect(target.hostIsIPAddress)
    }

    @Test func defaultsPortsAndPath() throws {
        let https = try ProbeTarget.parse("HTTPS://app.internal")
        #expect(https.port == 443)
        #expect(https.path == "/")
        #expect(https.hostHeader == "app.internal")
        #expect(!https.hostIsIPAddress)
        let http = try ProbeTarget.parse("http://app.internal?x=1")
        #expect(http.port == 80)
        #expect(http.path == "/?x=1")
    }

    @Test func parsesIPv6() throws {
        let target = try ProbeTarget.parse("http://[::1]:9000/")
        #expect(target.host == "::1")
        #expect(target.port == 9000)
        #expect(target.hostHeader == "[::1]:9000")
    }

    @Test(arguments: [
        ("http://127.0.0.1:0/", "port-out-of-range"),
        ("http://127.0.0.1:65536/", "port-out-of-range"),
        ("http://127.0.0.1:99999999/", "port-out-of-range"),
        ("http://127.0.0.1:http/", "invalid-url"),
        ("ftp://127.0.0.1/", "unsupported-scheme"),
        ("127.0.0.1:8080", "invalid-url"),
        ("http:///health", "invalid-url"),
        ("http://user@127.0.0.1/", "invalid-url"),
        ("http://127.0.0.1/a b", "invalid-url"),
        ("http://[::1/", "invalid-url"),
        ("http://bad host/", "invalid-url"),
        ("", "invalid-url"),
    ])
    func rejectsBadURLs(input: String, code: String) {
        #expect {
            _ = try ProbeTarget.parse(input)
        } throws: { error in
            guard let probeError = error as? ProbeError else { return false }
            return probeError.code == code && probeError.description.contains("'\(input)'")
        }
    }

    @Test func portErrorNamesThePort() {
        do {
            _ = try ProbeTarget.parse("http://127.0.0.1:70000/")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description == "invalid target URL 'http://127.0.0.1:70000/': port '70000' is outside 1-65535"
            )
        }
    }
}
