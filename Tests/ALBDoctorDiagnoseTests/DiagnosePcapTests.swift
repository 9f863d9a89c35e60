import ALBAccessLog
import ALBDiagnosis
import ALBDoctor
import Foundation
import Testing

/// `diagnose --pcap`: the capture is merged into the combined causes when it covers the 502s in the logs.
@Suite struct DiagnosePcapTests {
    /// Three SYNs to 127.0.0.1:18099 answered with RST, 2026-11-25T13:35:11.080–.184Z.
    static let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PacketCaptureTests/Fixtures/refused-any-sll1.pcap").path

    /// A report built like `diagnose` builds it offline, from logs with not-dispatched 502s on `target`.
    static func report(refusedTarget target: String) async throws -> DiagnoseReport {
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-http/0123456789abcdef"
        var lines: [String] = []
        for second in ["10.900000", "11.100000", "11.300000", "11.500000", "11.700000"] {
            for (endpoint, status) in [(target, "502"), ("127.0.0.1:18080", "200"), ("127.0.0.1:18081", "200")] {
                let time = "2026-11-25T13:35:\(second)Z"
                let refused = status == "502"
                lines.append(
                    [
                        "http", time, "app/test-lb/0123456789abcdef", "198.51.100.7:40000", endpoint,
                        refused ? "-1 -1 -1" : "0.000 0.010 0.000", status, refused ? "-" : status, "120", "340",
                        "\"GET http://example.com:80/ HTTP/1.1\"", "\"curl/8.5.0\"", "-", "-", arn,
                        "\"Root=1-00000000-000000000000000000000000\"", "\"-\"", "\"-\"", "0", time, "\"forward\"",
                        "\"-\"", "\"-\"", "\"\(endpoint)\"", "\"\(refused ? "-" : status)\"", "\"-\"", "\"-\"",
                        "TID_00000000000000000000000000000000",
                    ].joined(separator: " ")
                )
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-pcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("alb.log")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await LogAnalysis.run(LogAnalysis.Request(paths: [file.path]))
        let start = try #require(LogTimestamp("2026-11-25T13:00:00.000000Z"))
        let end = try #require(LogTimestamp("2026-11-25T14:00:00.000000Z"))
        return DiagnoseReport(
            loadBalancer: "test-lb",
            arn: nil,
            region: "us-east-1",
            combined: CombinedDiagnosis(logs: outcome.diagnosis, inputs: EvidenceInputs(start: start, end: end)),
            gathered: [],
            accessLogs: outcome.report
        )
    }

    @Test func matchingCaptureIsMergedIntoTheCauses() async throws {
        var report = try await Self.report(refusedTarget: "127.0.0.1:18099")
        let before = try #require(report.causes.first { $0.id == .targetRefusedConnection })
        try report.mergeCapture(paths: [Self.capture])
        let after = try #require(report.causes.first { $0.id == .targetRefusedConnection })
        #expect(after.confidence > before.confidence)
        #expect(after.evidence.contains { $0.source == .packetCapture && $0.summary.contains("confidence raised") })
        #expect(report.gathered.contains { $0.hasPrefix("packet capture: ") && $0.contains("matches the 502s") })
    }

    @Test func captureOfAnotherTargetLeavesTheCausesAlone() async throws {
        var report = try await Self.report(refusedTarget: "127.0.0.1:18098")
        let before = report.causes
        try report.mergeCapture(paths: [Self.capture])
        #expect(report.causes == before)
        #expect(report.gathered.contains { $0.contains("did not match the logs (different target") })
    }
}
