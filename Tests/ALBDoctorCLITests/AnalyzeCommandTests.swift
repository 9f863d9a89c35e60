import Foundation
import TestSupport
import Testing

@Suite struct AnalyzeCommandTests {
    static let samples = CLIRunner.repoRoot.appendingPathComponent("Samples")

    static func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: samples.appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func demoPrintsEveryCause() async throws {
        let r = try await CLIRunner.run(["demo", "--color", "off"])
        #expect(r.status == 0, "\(r.stderr)")
        // No --status: every code the samples hold, 502 (the most lines) first.
        #expect(r.stdout.hasPrefix("ALB error analysis: 502, "), "\(r.stdout.prefix(80))")
        #expect(r.stdout.contains("[target-response-timeout]"))
        #expect(!r.stdout.contains("\u{1B}["))
        for id in [
            "target-refused-connection", "target-unreachable", "target-tls-handshake-failed",
            "target-keepalive-timeout",
            "target-malformed-response", "target-deregistered", "lambda-response-too-large", "lambda-unhandled",
            "lambda-throttled", "lambda-error", "target-application-502",
        ] {
            #expect(r.stdout.contains("[\(id)]"), "\(id)")
        }
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("  Lines skipped ") && $0.hasSuffix(" 0") })
        // The web load balancer's health-check and connection logs are joined (Samples/ holds all three types).
        #expect(r.stdout.contains("  Health-check logs  24 source(s), 2,360 lines (2,360 parsed, 0 skipped)"))
        #expect(r.stdout.contains("(health-check-log) Health checks of 10.0.1.12:8080 (target group web-http) FAILed"))
        #expect(r.stdout.contains("[client-certificate-rejected]"))
    }

    @Test func jsonMatchesTheManifestExactly() async throws {
        let r = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--status", "502", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let m = try Self.manifest()
        #expect(json["schema_version"] as? Int == 2)
        #expect(json["requests"] as? Int == m["requests"] as? Int)
        #expect(json["elb_502"] as? Int == m["elb_502"] as? Int)
        #expect((json["source"] as? [String: Int]) == (m["source"] as? [String: Int]))
        let sigs = (json["signatures"] as? [[String: Any]] ?? []).map {
            "\($0["id"] ?? "")/\($0["code"] ?? "-")=\($0["count"] ?? "")"
        }
        let want = (m["signatures"] as? [[String: Any]] ?? []).map {
            "\($0["id"] ?? "")/\($0["code"] ?? "-")=\($0["count"] ?? "")"
        }
        #expect(sigs == want)
        let causes = (json["causes"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "")=\($0["count"] ?? "")" }
            .sorted()
        // The manifest counts the access logs' causes; the connection logs add the rejected client certificates,
        // which explain no 502 (count 0).
        let wantCauses =
            ((m["causes"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "")=\($0["count"] ?? "")" }
            + ["client-certificate-rejected=0"]).sorted()
        #expect(causes == wantCauses)
        // Ranked by impact: 502s explained × confidence.
        let impacts = (json["causes"] as? [[String: Any]] ?? []).compactMap { c -> Double? in
            guard let confidence = c["confidence"] as? Double, let count = c["count"] as? Int else { return nil }
            return confidence * Double(count)
        }
        #expect(impacts.count == (json["causes"] as? [[String: Any]])?.count)
        #expect(impacts == impacts.sorted(by: >))
        #expect((json["skipped"] as? [String: Any])?["lines"] as? Int == 0)
    }

    @Test func jsonValidatesAgainstTheSchema() async throws {
        let r = try await CLIRunner.run(["demo", "--format", "json"])
        #expect(r.status == 0)
        // nil only outside CI without python3's jsonschema (JSONSchemaCheck says why).
        if let errors = try await JSONSchemaCheck.errors(r.stdout, schema: "analyze-report.schema.json") {
            #expect(errors.isEmpty, "the JSON breaks schema/analyze-report.schema.json: \(errors)")
        }
    }

    @Test func demoWithExplicitSamplesSkipsTheirReadme() async throws {
        let r = try await CLIRunner.run(["demo", "--samples", Self.samples.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["requests"] as? Int == (try Self.manifest())["requests"] as? Int)
        #expect((json["skipped"] as? [String: Any])?["lines"] as? Int == 0)
    }

    @Test func markdownFormat() async throws {
        let r = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--status", "502", "--format", "markdown"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# ALB 502 analysis\n"))
        #expect(r.stdout.contains("### 1. "))
    }

    @Test func colorOnForcesANSI() async throws {
        let r = try await CLIRunner.run(["demo", "--color", "on"])
        #expect(r.stdout.contains("\u{1B}["))
        let auto = try await CLIRunner.run(["demo"], environment: ["NO_COLOR": ""])
        #expect(!auto.stdout.contains("\u{1B}["))  // stdout is a pipe
    }

    @Test func failOn502() async throws {
        let r = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--fail-on-502", "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--fail-on-502"))
        #expect(!r.stdout.isEmpty)

        let dir = try CLIRunner.temporaryDirectory()
        let healthy =
            "http 2026-01-01T10:00:00.000000Z app/x/0123456789abcdef 1.2.3.4:5 10.0.0.1:80 0.000 0.001 0.000 200 200 1 2 \"GET http://x:80/ HTTP/1.1\" \"-\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/0 \"Root=1\" \"-\" \"-\" 0 2026-01-01T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"\n"
        try Data(healthy.utf8).write(to: dir.appendingPathComponent("ok.log"))
        let ok = try await CLIRunner.run(["analyze", dir.path, "--fail-on-502"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("No 502s in these logs."))
    }

    @Test func windowOutsideTheLogsStillRuns() async throws {
        let r = try await CLIRunner.run([
            "analyze", "Samples/AWSLogs", "--since", "2030-01-01T00:00:00Z", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["requests"] as? Int == 0)
    }

    @Test func windowSelectsRecords() async throws {
        let r = try await CLIRunner.run([
            "analyze", "Samples/AWSLogs", "--since", "2026-11-24T09:30:00Z", "--until", "2026-11-24T09:33:00Z",
            "--format",
            "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let sigs = json["signatures"] as? [[String: Any]] ?? []
        let throttled = sigs.first { $0["code"] as? String == "LambdaThrottling" }?["count"] as? Int
        #expect(throttled == 80)
        #expect((json["requests"] as? Int ?? 0) < 2000)
    }

    @Test func missingPathIsAClearError() async throws {
        let r = try await CLIRunner.run(["analyze", "/nonexistent/alb-logs"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/alb-logs"))
        #expect(r.stdout.isEmpty)
    }

    @Test func garbageInputIsAClearError() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        try Data("this is not\nan access log\n".utf8).write(to: dir.appendingPathComponent("notes.log"))
        let r = try await CLIRunner.run(["analyze", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("none of the 2 line(s)"))
        #expect(r.stderr.contains("notes.log:1"))
    }

    @Test func emptyDirectoryIsAClearError() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try await CLIRunner.run(["analyze", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no ALB access-log files found"))
    }

    @Test func noPathIsAUsageError() async throws {
        let r = try await CLIRunner.run(["analyze"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("Give at least one log file"))
    }

    @Test func samplesRegenerateByteIdentically() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try await CLIRunner.run(["--output", dir.path, "--seed", "502"], executable: "alb-fixtures")
        #expect(r.status == 0, "\(r.stderr)")
        let fm = FileManager.default
        let committed = Self.samples.appendingPathComponent("AWSLogs")
        let files = (fm.enumerator(atPath: committed.path)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix(".gz")
        }.sorted()
        // 48 access-log files, 24 health-check and 26 connection log files.
        #expect(files.count == 98)
        #expect(files.filter { $0.contains("/health_check_log_") }.count == 24)
        #expect(files.filter { $0.contains("/conn_log_") }.count == 26)
        for f in files {
            let a = try Data(contentsOf: committed.appendingPathComponent(f))
            let b = try Data(contentsOf: dir.appendingPathComponent("AWSLogs").appendingPathComponent(f))
            #expect(a == b, "\(f)")
        }
        #expect(
            try Data(contentsOf: Self.samples.appendingPathComponent("manifest.json"))
                == Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        )
    }
}
