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

    /// Log lines with not-dispatched 502s on `target` at the capture's time, and on each of `busier` one more
    /// 502 than on `target` (so that they rank above it in the report's top rows).
    static func lines(refusedTarget target: String, busier: [String] = []) -> [String] {
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-http/0123456789abcdef"
        var lines: [String] = []
        func line(_ endpoint: String, _ status: String, _ second: String) -> String {
            let time = "2026-11-25T13:35:\(second)Z"
            let refused = status == "502"
            return [
                "http", time, "app/test-lb/0123456789abcdef", "198.51.100.7:40000", endpoint,
                refused ? "-1 -1 -1" : "0.000 0.010 0.000", status, refused ? "-" : status, "120", "340",
                "\"GET http://example.com:80/ HTTP/1.1\"", "\"curl/8.5.0\"", "-", "-", arn,
                "\"Root=1-00000000-000000000000000000000000\"", "\"-\"", "\"-\"", "0", time, "\"forward\"",
                "\"-\"", "\"-\"", "\"\(endpoint)\"", "\"\(refused ? "-" : status)\"", "\"-\"", "\"-\"",
                "TID_00000000000000000000000000000000",
            ].joined(separator: " ")
        }
        for second in ["10.900000", "11.100000", "11.300000", "11.500000", "11.700000"] {
            for (endpoint, status) in [(target, "502"), ("127.0.0.1:18080", "200"), ("127.0.0.1:18081", "200")] {
                lines.append(line(endpoint, status, second))
            }
            for endpoint in busier { lines.append(line(endpoint, "502", second)) }
        }
        for endpoint in busier { lines.append(line(endpoint, "502", "11.900000")) }
        return lines
    }

    /// Writes `lines` to a log file in a fresh directory; the caller removes the directory.
    static func writeLog(_ lines: [String]) throws -> (directory: URL, file: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-pcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("alb.log")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    /// A report built like `diagnose` builds it offline, from logs with not-dispatched 502s on `target`.
    static func report(refusedTarget target: String, busier: [String] = []) async throws -> DiagnoseReport {
        let log = try writeLog(lines(refusedTarget: target, busier: busier))
        defer { try? FileManager.default.removeItem(at: log.directory) }
        let outcome = try await LogAnalysis.run(LogAnalysis.Request(paths: [log.file.path]))
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

    /// The captured target has the 11th most 502s, so it is not among the report's top 10 rows: `diagnose --pcap`
    /// still matches it, from the same values as `analyze --pcap`, and merges the same.
    @Test func captureOfTheEleventhTargetMergesTheSameUnderAnalyzeAndDiagnose() async throws {
        let target = "127.0.0.1:18099"
        let busier = (0..<10).map { "10.9.\($0).10:8080" }
        var report = try await Self.report(refusedTarget: target, busier: busier)
        let rows = try #require(report.accessLogs?.breakdowns.targets.rows)
        #expect(rows.count == 10)
        #expect(!rows.contains { $0.key == target })
        try report.mergeCapture(paths: [Self.capture])
        #expect(report.gathered.contains { $0.contains("matches the 502s") && $0.contains(target) })

        let log = try Self.writeLog(Self.lines(refusedTarget: target, busier: busier))
        defer { try? FileManager.default.removeItem(at: log.directory) }
        let analyzed = try await LogAnalysis.run(LogAnalysis.Request(paths: [log.file.path], pcaps: [Self.capture]))
        #expect(analyzed.report.notes.contains { $0.contains("matches the 502s") && $0.contains(target) })
        let fromCapture = { (findings: [Finding]) in
            findings.filter { $0.evidence.contains { $0.source == .packetCapture } }.map { "\($0.id) \($0.confidence)" }
        }
        #expect(!fromCapture(report.causes).isEmpty)
        #expect(fromCapture(report.causes) == fromCapture(analyzed.report.causes))
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
