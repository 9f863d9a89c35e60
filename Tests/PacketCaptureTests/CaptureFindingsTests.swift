import ALBDiagnosis
import ALBDoctor
import ALBWire
import Foundation
import Testing

@testable import PacketCapture

/// Each cause is found in a real capture, with the shared cause ids; a healthy capture says so.
@Suite struct CaptureFindingsTests {
    private func causes(_ name: String, options: (inout CaptureCommand.Options) -> Void = { _ in }) throws -> [String:
        Any]
    {
        var o = CaptureCommand.Options(paths: [CaptureFixtures.path(name)], format: "json", color: "off")
        options(&o)
        let outcome = try CaptureCommand(options: o).run(environment: [:])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        return json
    }

    private func ids(_ json: [String: Any]) -> [String] {
        (json["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test(arguments: [
        ("keepalive-lo.pcap", "target-keepalive-timeout"),
        ("malformed-any-sll2.pcap", "target-malformed-response"),
        ("tls13-only-lo.pcap", "target-tls-handshake-failed"),
        ("tls-cipher-lo.pcapng", "target-tls-handshake-failed"),
        ("refused-any-sll1.pcap", "target-refused-connection"),
        ("unreachable-lo.pcap", "target-unreachable"),
    ])
    func realCaptureNamesItsCause(name: String, cause: String) throws {
        let json = try causes(name)
        #expect(ids(json) == [cause], "\(name): \(ids(json))")
        #expect(json["schema_version"] as? Int == 1)
        #expect(json["healthy"] as? Bool == false)
        let first = try #require((json["causes"] as? [[String: Any]])?.first)
        for key in ["id", "title", "confidence", "count", "evidence", "confirm", "fix", "alternatives"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect((first["confidence"] as? Double ?? 0) >= 0.6)
        #expect((first["count"] as? Int ?? 0) >= 1)
        #expect(json["connections"] is [String: Any])
        #expect(json["tls"] is [String: Any])
    }

    @Test func healthyCaptureSaysSoWithTheCounts() throws {
        let json = try causes("healthy-lo-ns.pcap.gz")
        #expect(ids(json).isEmpty)
        #expect(json["healthy"] as? Bool == true)
        let outcome = try CaptureCommand(
            options: .init(paths: [CaptureFixtures.path("healthy-lo-ns.pcap")], color: "off")
        ).run(environment: [:])
        #expect(outcome.exitCode == 0)
        #expect(
            outcome.output.contains(
                "Healthy: no 502 cause in this capture. Checked 2 connections, 6 responses (0 malformed)"
            )
        )
    }

    @Test func keepAliveIsNotACauseWhenTheIdleTimeoutIsShorter() throws {
        // With an ALB idle timeout of 1 s, a target closing after 2 s is safe; the race remains.
        let json = try causes("keepalive-lo.pcap") { $0.idleTimeoutSeconds = 1 }
        let finding = try #require((json["causes"] as? [[String: Any]])?.first)
        let evidence = finding["evidence"] as? [[String: Any]] ?? []
        #expect(!evidence.contains { ($0["summary"] as? String ?? "").contains("before the 1 s") })
        #expect(evidence.contains { ($0["summary"] as? String ?? "").contains("outstanding") })
    }

    @Test func malformedEvidenceShowsEscapedBytesWithOffsets() throws {
        let outcome = try CaptureCommand(
            options: .init(paths: [CaptureFixtures.path("malformed-any-sll2.pcap")], color: "off")
        ).run(environment: [:])
        #expect(outcome.exitCode == 1)
        #expect(outcome.output.contains("obs-fold at byte 60"))
        #expect(outcome.output.contains("\"  second\""))
        #expect(outcome.output.contains("bare-lf at byte 15"))
    }

    @Test func markdownRendersToo() throws {
        let outcome = try CaptureCommand(
            options: .init(paths: [CaptureFixtures.path("tls13-only-lo.pcap")], format: "markdown")
        ).run(environment: [:])
        #expect(outcome.output.contains("target-tls-handshake-failed"))
        #expect(outcome.output.hasPrefix("#"))
    }

    @Test func optionsAreValidated() {
        #expect(throws: CaptureCommand.OptionError.self) {
            try CaptureCommand(options: .init(paths: ["x"], backendPolicy: "nope"))
        }
        #expect(throws: CaptureCommand.OptionError.self) {
            try CaptureCommand(options: .init(paths: ["x"], targetPort: 70000))
        }
        #expect(throws: CaptureCommand.OptionError.self) {
            try CaptureCommand(options: .init(paths: ["x"], format: "xml"))
        }
        #expect(throws: CaptureCommand.OptionError.self) { try CaptureCommand(options: .init(paths: [])) }
    }

    @Test func unreadableFileExitsWithTwoAndAClearMessage() throws {
        let outcome = try CaptureCommand(options: .init(paths: ["/nonexistent.pcap"], color: "off")).run(
            environment: [:])
        #expect(outcome.exitCode == 2)
        #expect(outcome.diagnostics.first?.contains("/nonexistent.pcap") == true)
    }

    @Test func rulesRankAndStayQuietOnAnEmptyObservation() {
        #expect(Causes.findings(capture: CaptureAnalysis()).isEmpty)
        var o = CaptureAnalysis()
        o.connections.refused = 5
        o.http.malformedResponses = 1
        o.http.responses = 10
        o.http.violationsByCode = ["obs-fold": 1]
        let ranked = Causes.findings(capture: o).map(\.id)
        #expect(ranked == [.targetRefusedConnection, .targetMalformedResponse])
    }
}
