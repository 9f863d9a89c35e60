import Foundation
import TestSupport
import Testing

/// `analyze` on a directory that holds access, health-check and connection logs (Fixtures/join, from
/// `Scripts/make-join-logs.py`): all three are read, and the join shows in every format.
@Suite struct AnalyzeJoinCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/join").path

    @Test func theJoinedEvidenceIsInTheJSONReport() async throws {
        let r = try await CLIRunner.run(["analyze", Self.fixture, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let other = try #require(json["other_logs"] as? [[String: Any]])
        #expect(other.map { $0["type"] as? String } == ["health-check", "connection"])
        #expect(other.map { $0["lines"] as? Int } == [80, 13])
        #expect(other.map { $0["skipped"] as? Int } == [0, 0])
        #expect(json["elb_502"] as? Int == 24)
        let causes = try #require(json["causes"] as? [[String: Any]])
        #expect(
            causes.map { $0["id"] as? String } == [
                "target-refused-connection", "client-certificate-rejected", "health-check-misconfigured",
                "repeated-502s-on-connection",
            ]
        )
        let refused = try #require(causes.first)
        #expect(refused["count"] as? Int == 24)
        #expect(refused["confidence"] as? Double == 0.8)
        let evidence = try #require(refused["evidence"] as? [[String: Any]])
        let joined = try #require(evidence.first { $0["source"] as? String == "health-check-log" })
        let details = try #require(joined["details"] as? [String: Any])
        #expect(details["target"] as? String == "10.0.1.12:8080")
        #expect(details["failed_checks"] as? Int == 6)
        #expect(details["reasons"] as? String == "ConnectionReset")
        #expect(details["first_minute"] as? String == "2026-01-01T10:03Z")
        #expect(details["last_minute"] as? String == "2026-01-01T10:05Z")
        for cause in causes.dropFirst() { #expect(cause["count"] as? Int == 0) }
        // The refusing target's row carries its checks per minute: failed in its window, passed before it.
        let targets = (json["breakdowns"] as? [String: Any]).flatMap { $0["targets"] as? [String: Any] }
        let row = (targets?["rows"] as? [[String: Any]] ?? []).first { $0["key"] as? String == "10.0.1.12:8080" }
        let minutes = try #require(row?["health_checks_by_minute"] as? [String: [String: Int]])
        #expect((minutes["2026-01-01T10:03Z"]?["fail"] ?? 0) > 0)
        #expect(minutes["2026-01-01T10:00Z"]?["fail"] == 0 && (minutes["2026-01-01T10:00Z"]?["pass"] ?? 0) > 0)
    }

    /// The HTML targets table draws each checked target's strip under its sparkline (Chromium: HTMLBrowserTests).
    @Test func theHTMLReportDrawsTheHealthCheckStrip() async throws {
        let html = try await CLIRunner.run(["analyze", Self.fixture, "--format", "html"])
        #expect(html.status == 0)
        let page = html.stdout
        let start = try #require(page.range(of: "<td>10.0.1.12:8080</td>"))
        let end = try #require(page.range(of: "</tr>", range: start.upperBound..<page.endIndex))
        let row = page[start.lowerBound..<end.lowerBound]
        #expect(row.contains("<svg class=\"hc-strip\""))
        #expect(row.contains("class=\"hc-fail\"") && row.contains("class=\"hc-pass\""))
        let without = try await CLIRunner.run([
            "analyze",
            CLIRunner.repoRoot.appendingPathComponent("Tests/ALBDoctorCLITests/Fixtures/status/502.log").path,
            "--format", "html",
        ])
        #expect(without.status == 0)
        #expect(!without.stdout.contains("<svg class=\"hc-strip\""), "no strip without health-check logs")
    }

    @Test func textAndMarkdownCarryTheJoin() async throws {
        let text = try await CLIRunner.run(["analyze", Self.fixture, "--color", "off"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Health-check logs  1 source(s), 80 lines (80 parsed, 0 skipped)"))
        #expect(
            text.stdout.contains("(health-check-log) Health checks of 10.0.1.12:8080 (target group web) FAILed 6 times")
        )
        #expect(text.stdout.contains("Certificate \"CN=legacy-client,O=Example\" (serial DEAD01"))
        let md = try await CLIRunner.run(["analyze", Self.fixture, "--format", "markdown"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("health-check-log"))
        #expect(md.stdout.contains("client-certificate-rejected"))
    }
}
