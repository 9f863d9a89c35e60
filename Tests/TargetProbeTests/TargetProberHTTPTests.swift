import ALBWire
import TestSupport
import Testing

@testable import TargetProbe

@Suite struct TargetProberHTTPTests {
    @Test func closedPortIsRefused() async throws {
        try await LoopbackPorts.withRefusingPort { port in
            let result = try await probe("http://127.0.0.1:\(port)/", testConfiguration())
            #expect(result.connect.outcome == .refused)
            #expect(result.connect.errno == 111)
            #expect(result.response == nil)
        }
    }

    @Test func droppedSYNTimesOut() async throws {
        try await LoopbackPorts.withBlackholePort { port in
            var configuration = testConfiguration()
            configuration.connectTimeout = 0.5
            let result = try await probe("http://127.0.0.1:\(port)/", configuration)
            #expect(result.connect.outcome == .timedOut)
            // Below the 10 s default, so the 0.5 s setting applied (room for a loaded machine's scheduling delays).
            #expect(result.connect.seconds >= 0.45 && result.connect.seconds < 9)
        }
    }

    @Test func healthyServerStaysOpen() async throws {
        try await LoopbackHTTPServer.with(.healthy) { port in
            let result = try await probe("http://127.0.0.1:\(port)/health", testConfiguration(idleTimeout: 1))
            #expect(result.connect.outcome == .connected)
            #expect(result.response?.outcome == .complete)
            #expect(result.response?.statusCode == 200)
            #expect(result.keepAlive?.outcome == .stayedOpen)
            #expect((result.keepAlive?.waitedSeconds ?? 0) >= 1.9)
            #expect(result.duration < 1 + 15)
            #expect(result.response?.request.contains("X-Amzn-Trace-Id: Root=1-") == true)
            #expect(
                result.response?.request.hasPrefix("GET /health HTTP/1.1\\r\\nHost: 127.0.0.1:\(port)\\r\\n") == true
            )
        }
    }

    @Test(arguments: [false, true])
    func keepAliveCloseIsMeasured(reset: Bool) async throws {
        try await LoopbackHTTPServer.with(.keepAlive(timeout: 1.5, reset: reset)) { port in
            let result = try await probe("http://127.0.0.1:\(port)/", testConfiguration(idleTimeout: 3))
            let keepAlive = try #require(result.keepAlive)
            #expect(keepAlive.outcome == .closedByTarget)
            #expect(keepAlive.closeKind == (reset ? .reset : .fin))
            #expect(abs((keepAlive.idleSeconds ?? 0) - 1.5) < 0.5)
        }
    }

    @Test func resetAfterRequest() async throws {
        try await LoopbackHTTPServer.with(.resetAfterRequest) { port in
            let result = try await probe("http://127.0.0.1:\(port)/", testConfiguration())
            #expect(result.response?.outcome == .resetBeforeResponse)
            #expect(result.keepAlive == nil)
        }
    }

    @Test func closeMidResponse() async throws {
        let partial = Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten!!".utf8)
        try await LoopbackHTTPServer.with(.closeMidResponse(bytes: partial)) { port in
            let result = try await probe("http://127.0.0.1:\(port)/", testConfiguration())
            let response = try #require(result.response)
            #expect(response.outcome == .closedMidResponse)
            #expect(response.bodyBytes == 10)
            #expect(response.detail.contains("Content-Length 100, 10 body bytes received"))
        }
    }

    @Test func connectionCloseIsNotReusable() async throws {
        let bytes = LoopbackHTTPServer.okResponse(extraHeaders: ["Connection: close"])
        try await LoopbackHTTPServer.with(.respond(bytes: bytes, after: .close)) { port in
            let result = try await probe("http://127.0.0.1:\(port)/", testConfiguration())
            #expect(result.response?.connectionClose == true)
            #expect(result.keepAlive?.outcome == .notReusable)
        }
    }

    @Test func noResponseTimesOut() async throws {
        try await LoopbackHTTPServer.with(.neverRespond) { port in
            var configuration = testConfiguration()
            configuration.responseTimeout = 0.5
            let result = try await probe("http://127.0.0.1:\(port)/", configuration)
            #expect(result.response?.outcome == .timedOut)
        }
    }

    @Test func silentTLSTargetTimesOutWithinTheBudget() async throws {
        try await LoopbackHTTPServer.with(.neverRespond) { port in
            var configuration = testConfiguration(quick: true)
            configuration.handshakeTimeout = 0.5
            let result = try await probe("https://127.0.0.1:\(port)/", configuration)
            let tls = try #require(result.tls)
            #expect(!tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.error?.hasPrefix("no handshake within 0.5 s") == true)
            #expect(tls.versions.count == 4 && tls.versions.allSatisfy { !$0.accepted })
            #expect(result.response == nil)
            #expect(result.duration < configuration.budget)
        }
    }

    /// A name with an empty label: glibc's resolver rejects it locally (checked with strace: no DNS packet
    /// leaves the host), so the test exercises the resolution error without network traffic.
    @Test func nameThatDoesNotResolveIsAFailureNotAProbe() async throws {
        let results = await TargetProber(configuration: testConfiguration()).probe(urls: [
            "http://no..such.invalid:8080/", "http://127.0.0.1:70000/",
        ])
        #expect(results.count == 2)
        guard case .failure(let first) = results[0], case .failure(let second) = results[1] else {
            Issue.record("expected two failures, got \(results)")
            return
        }
        #expect(first.code == "name-did-not-resolve")
        #expect(first.description.hasPrefix("target host 'no..such.invalid' does not resolve to an address"))
        #expect(second.code == "port-out-of-range")
    }
}
