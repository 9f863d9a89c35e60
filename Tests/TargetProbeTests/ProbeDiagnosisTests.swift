import ALBDiagnosis
import ALBDoctor
import ALBReport
import ALBWire
import Foundation
import TestSupport
import Testing

@testable import TargetProbe

/// Probe → every cause's probe reading against real loopback servers: each misbehaviour finds its cause id with the
/// measured figure, and a healthy target finds none.
@Suite struct ProbeDiagnosisTests {
    func diagnose(_ url: String, _ configuration: ProbeConfiguration) async throws -> (ProbeResult, [Finding]) {
        let result = try await probe(url, configuration)
        return (result, Causes.findings(probe: result))
    }

    @Test func refusedConnection() async throws {
        try await LoopbackPorts.withRefusingPort { port in
            let (_, findings) = try await diagnose("http://127.0.0.1:\(port)/", testConfiguration())
            #expect(findings.map(\.id) == [.targetRefusedConnection])
            #expect(findings.first?.evidence.first?.details["address"] == "127.0.0.1:\(port)")
        }
    }

    @Test func unreachableTarget() async throws {
        try await LoopbackPorts.withBlackholePort { port in
            var configuration = testConfiguration()
            configuration.connectTimeout = 0.5
            let (_, findings) = try await diagnose("http://127.0.0.1:\(port)/", configuration)
            #expect(findings.map(\.id) == [.targetUnreachable])
            #expect(findings.first?.evidence.first?.details["outcome"] == "timed-out")
            #expect(findings.first?.fix.first?.contains("security groups and network ACLs") == true)
        }
    }

    @Test func healthyTargetHasNoCauseAndListsTheChecks() async throws {
        try await LoopbackHTTPServer.with(.healthy) { port in
            let (observation, findings) = try await diagnose(
                "http://127.0.0.1:\(port)/",
                testConfiguration(idleTimeout: 1)
            )
            #expect(findings.isEmpty)
            let checks = ProbeChecks.rows(for: observation, observedAtMicros: 1_795_700_000_000_000)
            #expect(checks.map(\.check) == ["connect", "response", "keep-alive"])
            #expect(checks.allSatisfy { $0.verdict == "ok" })
        }
    }

    @Test(arguments: [false, true])
    func keepAliveShorterThanIdleTimeout(reset: Bool) async throws {
        try await LoopbackHTTPServer.with(.keepAlive(timeout: 1.2, reset: reset)) { port in
            let (_, findings) = try await diagnose("http://127.0.0.1:\(port)/", testConfiguration(idleTimeout: 2.5))
            let finding = try #require(findings.first)
            #expect(findings.count == 1)
            #expect(finding.id == .targetKeepaliveTimeout)
            let details = finding.evidence.first?.details ?? [:]
            let measured = try #require(Double(details["measured_idle_seconds"] ?? ""))
            #expect(abs(measured - 1.2) < 0.5)
            #expect(details["close"] == (reset ? "reset" : "fin"))
            #expect(details["idle_timeout_seconds"] == "2.5")
        }
    }

    @Test func advertisedKeepAliveUnderQuick() async throws {
        let bytes = LoopbackHTTPServer.okResponse(extraHeaders: ["Keep-Alive: timeout=2", "Server: Apache/2.4.62"])
        try await LoopbackHTTPServer.with(.respond(bytes: bytes, after: .keepOpen)) { port in
            let (_, findings) = try await diagnose(
                "http://127.0.0.1:\(port)/",
                testConfiguration(idleTimeout: 60, quick: true)
            )
            let finding = try #require(findings.first)
            #expect(finding.id == .targetKeepaliveTimeout)
            #expect(finding.confidence == 0.6)
            #expect(finding.evidence.first?.details["advertised_timeout_seconds"] == "2")
            #expect(finding.fix.contains { $0.contains("Server: Apache/2.4.62`: Apache httpd: `KeepAliveTimeout 65`") })
        }
    }

    static let malformed: [(name: String, response: String, code: String)] = [
        ("obs-fold", "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 2\r\n\r\nok", "obs-fold"),
        ("bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "bare-lf"),
        (
            "conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
            "conflicting-content-length"
        ),
        (
            "TE with CL",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            "transfer-encoding-with-content-length"
        ),
        ("space in name", "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 2\r\n\r\nok", "invalid-header-name"),
        ("no colon", "HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 2\r\n\r\nok", "header-without-colon"),
        ("bad status line", "HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\nok", "bad-status-line"),
        (
            "non-ASCII value", "HTTP/1.1 200 OK\r\nX-Name: caf\u{E9}\r\nContent-Length: 2\r\n\r\nok",
            "non-ascii-header-value"
        ),
        (
            "header section over 32 KB",
            "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 33 * 1024) + "\r\nContent-Length: 2\r\n\r\nok",
            "header-section-too-large"
        ),
    ]

    @Test(arguments: malformed)
    func malformedResponse(_ testCase: (name: String, response: String, code: String)) async throws {
        try await LoopbackHTTPServer.with(.raw(testCase.response, after: .keepOpen)) { port in
            let (observation, findings) = try await diagnose(
                "http://127.0.0.1:\(port)/",
                testConfiguration(quick: true)
            )
            let finding = try #require(
                findings.first { $0.id == .targetMalformedResponse },
                "\(testCase.name): \(observation.response?.detail ?? "-")"
            )
            let codes = finding.evidence.compactMap { $0.details["codes"] }.joined(separator: ",")
            #expect(codes.split(separator: ",").contains(Substring(testCase.code)), "\(testCase.name): \(codes)")
            #expect(
                observation.response?.violations.contains { $0.code == testCase.code && !$0.excerpt.isEmpty } == true
            )
        }
    }

    @Test func shortBodyThenClose() async throws {
        let partial = Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten!!".utf8)
        try await LoopbackHTTPServer.with(.closeMidResponse(bytes: partial)) { port in
            let (observation, findings) = try await diagnose("http://127.0.0.1:\(port)/", testConfiguration())
            #expect(findings.map(\.id) == [.targetMalformedResponse])
            #expect(observation.response?.outcome == .closedMidResponse)
            #expect(observation.response?.violations.map(\.code).contains("body-length-mismatch") == true)
        }
    }

    @Test(arguments: [
        (LoopbackHTTPServer.Behavior.resetAfterRequest, "reset-before-response"),
        (LoopbackHTTPServer.Behavior.closeAfterRequest, "closed-before-response"),
    ])
    func droppedRequest(behavior: LoopbackHTTPServer.Behavior, outcome: String) async throws {
        try await LoopbackHTTPServer.with(behavior) { port in
            let (_, findings) = try await diagnose("http://127.0.0.1:\(port)/", testConfiguration())
            let finding = try #require(findings.first)
            #expect(findings.map(\.id) == [.targetMalformedResponse])
            #expect(finding.evidence.first?.details["outcome"] == outcome)
            #expect(finding.alternatives == [.targetApplication502])
        }
    }

    @Test func reportRendersInEveryFormat() async throws {
        try await LoopbackHTTPServer.with(.keepAlive(timeout: 1)) { port in
            var options = ProbeRun.Options(urls: ["http://127.0.0.1:\(port)/health", "http://127.0.0.1:0/"])
            options.idleTimeout = 2
            options.connectTimeout = 1
            let report = try await ProbeRun(options: options).run()
            #expect(report.findings.map(\.id) == [.targetKeepaliveTimeout])
            #expect(report.failures.map(\.code) == ["port-out-of-range"])
            let text = try ReportFormat.text.renderer(colors: false).render(report)
            #expect(
                text.contains("keep-alive  FAIL — the target closed (TCP FIN) the idle keep-alive connection after ")
            )
            let json = try ReportFormat.json.renderer().render(report)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["schema_version"] as? Int == 1)
            #expect((object["findings"] as? [[String: Any]])?.first?["id"] as? String == "target-keepalive-timeout")
            let markdown = try ReportFormat.markdown.renderer().render(report)
            #expect(markdown.contains("target-keepalive-timeout"))
        }
    }
}
