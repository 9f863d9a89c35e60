import Foundation
import TestSupport
import Testing

/// `analyze --pcap`: a committed capture merged with log lines written here for the same target and time.
@Suite struct AnalyzePcapCommandTests {
    /// Three SYNs to 127.0.0.1:18099 answered with RST, 2026-11-25T13:35:11.080–.184Z.
    static let capture = CLIRunner.repoRoot.appendingPathComponent(
        "Tests/PacketCaptureTests/Fixtures/refused-any-sll1.pcap"
    )

    /// One access-log line at 2026-11-25T13:35:`second`Z.
    static func line(second: String, target: String, status: String) -> String {
        let time = "2026-11-25T13:35:\(second)Z"
        let refused = status == "502"
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-http/0123456789abcdef"
        return [
            "http", time, "app/test-lb/0123456789abcdef", "198.51.100.7:40000", target,
            refused ? "-1 -1 -1" : "0.000 0.010 0.000", status, refused ? "-" : status, "120", "340",
            "\"GET http://example.com:80/ HTTP/1.1\"", "\"curl/8.5.0\"", "-", "-", arn,
            "\"Root=1-00000000-000000000000000000000000\"", "\"-\"", "\"-\"", "0", time, "\"forward\"", "\"-\"",
            "\"-\"", "\"\(target)\"", "\"\(refused ? "-" : status)\"", "\"-\"", "\"-\"",
            "TID_00000000000000000000000000000000",
        ].joined(separator: " ")
    }

    /// 502s (not dispatched) on `refusedTarget` around the capture, 200s on a healthy target.
    static func writeLogs(refusedTarget: String, seconds: [String]) throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        var lines: [String] = []
        for s in seconds {
            lines.append(line(second: s, target: refusedTarget, status: "502"))
            lines.append(line(second: s, target: "127.0.0.1:18080", status: "200"))
            lines.append(line(second: s, target: "127.0.0.1:18081", status: "200"))
        }
        let file = dir.appendingPathComponent("alb.log")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func causes(_ stdout: String) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return json["causes"] as? [[String: Any]] ?? []
    }

    static func notes(_ stdout: String) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return json["notes"] as? [String] ?? []
    }

    static let seconds = ["10.900000", "11.100000", "11.150000", "11.300000", "11.500000", "11.700000"]

    @Test func matchingCaptureRaisesTheRefusedCause() async throws {
        let logs = try Self.writeLogs(refusedTarget: "127.0.0.1:18099", seconds: Self.seconds)
        defer { try? FileManager.default.removeItem(at: logs.deletingLastPathComponent()) }
        let plain = try await CLIRunner.run(["analyze", logs.path, "--format", "json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let before = try #require(
            try Self.causes(plain.stdout).first { $0["id"] as? String == "target-refused-connection" }
        )
        let r = try await CLIRunner.run(["analyze", logs.path, "--pcap", Self.capture.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let refused = try #require(
            try Self.causes(r.stdout).first { $0["id"] as? String == "target-refused-connection" }
        )
        let was = try #require(before["confidence"] as? Double)
        let now = try #require(refused["confidence"] as? Double)
        #expect(now > was)
        let evidence = refused["evidence"] as? [[String: Any]] ?? []
        let sources = evidence.compactMap { $0["source"] as? String }
        #expect(sources.first == "access-log")
        #expect(sources.contains("packet-capture"))
        let merge = try #require(evidence.first { ($0["summary"] as? String ?? "").contains("confidence raised") })
        let details = JSONDetails.strings(merge["details"]) ?? [:]
        #expect(details["matched_targets"] == "127.0.0.1:18099")
        #expect(details["capture_first_packet"] == "2026-11-25T13:35:11.080092Z")
        #expect(try Self.notes(r.stdout).contains { $0.contains("matches the 502s") })
    }

    @Test func captureOfAnotherTargetIsNotMerged() async throws {
        let logs = try Self.writeLogs(refusedTarget: "127.0.0.1:18098", seconds: Self.seconds)
        defer { try? FileManager.default.removeItem(at: logs.deletingLastPathComponent()) }
        let r = try await CLIRunner.run(["analyze", logs.path, "--pcap", Self.capture.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let sources = try Self.causes(r.stdout).flatMap { ($0["evidence"] as? [[String: Any]] ?? []) }
            .compactMap { $0["source"] as? String }
        #expect(!sources.contains("packet-capture"))
        #expect(try Self.notes(r.stdout).contains { $0.contains("did not match the logs (different target") })
    }

    @Test func unreadableCaptureIsAnError() async throws {
        let logs = try Self.writeLogs(refusedTarget: "127.0.0.1:18099", seconds: Self.seconds)
        defer { try? FileManager.default.removeItem(at: logs.deletingLastPathComponent()) }
        let r = try await CLIRunner.run(["analyze", logs.path, "--pcap", logs.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no packet capture could be read"))
    }
}
