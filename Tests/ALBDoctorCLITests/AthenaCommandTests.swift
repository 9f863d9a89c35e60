import Foundation
import Testing

/// `athena setup` and `analyze --engine athena --print-sql` as a user runs them: no credentials, no network.
@Suite struct AthenaCommandTests {
    static let logs = "s3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/"
    static let snapshots = CLIRunner.repoRoot.appendingPathComponent("Tests/ALBAthenaTests/Snapshots")
    /// No credentials anywhere: --print-sql and setup without --execute must not need them.
    static let noAWS = [
        "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "nonexistent",
        "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    ]

    @Test func printSQLPrintsTheSnapshottedStatements() async throws {
        let r = try await CLIRunner.run(
            [
                "analyze", Self.logs, "--engine", "athena", "--print-sql", "--since", "2026-11-24T09:00:00Z", "--until",
                "2026-11-24T10:00:00Z",
            ],
            environment: Self.noAWS
        )
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try String(contentsOf: Self.snapshots.appendingPathComponent("triage.sql"), encoding: .utf8)
        #expect(r.stdout == expected)
        #expect(r.stdout.components(separatedBy: "\n;\n").count == 2)
        #expect(r.stdout.hasPrefix("-- alb-doctor: 1 statement, 1 scan of"))
    }

    @Test func setupPrintsTheDatabaseAndTheTable() async throws {
        let r = try await CLIRunner.run(["athena", "setup", "--logs", Self.logs], environment: Self.noAWS)
        #expect(r.status == 0, "\(r.stderr)")
        let tables = try ["create-table.sql", "create-health-check-table.sql", "create-connection-table.sql"].map {
            try String(contentsOf: Self.snapshots.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(r.stdout == "CREATE DATABASE IF NOT EXISTS `default`\n;\n\n" + tables.joined(separator: "\n\n") + "\n")
        let named = try await CLIRunner.run(
            [
                "athena", "setup", "--logs", Self.logs, "--database", "alb", "--health-check-table", "hc",
                "--connection-table", "conn",
            ],
            environment: Self.noAWS
        )
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("CREATE EXTERNAL TABLE IF NOT EXISTS `alb`.`hc` ("))
        #expect(named.stdout.contains("CREATE EXTERNAL TABLE IF NOT EXISTS `alb`.`conn` ("))
    }

    @Test func setupRejectsALocationWithoutTheLogLayout() async throws {
        let r = try await CLIRunner.run(
            ["athena", "setup", "--logs", "s3://example-logs/prod/"],
            environment: Self.noAWS
        )
        #expect(r.status == 2)
        #expect(r.stderr.contains("no AWSLogs folder"))
        #expect(r.stderr.contains("expected s3://BUCKET[/PREFIX]/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/"))
    }

    @Test func theAthenaEngineReadsOnlyS3URLs() async throws {
        let r = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--engine", "athena"], environment: Self.noAWS)
        #expect(r.status != 0)
        #expect(r.stderr.contains("is not an s3:// URL"))
    }

    /// `--engine athena` never ignores a flag: what it cannot do is refused with exit 64 (a usage error) naming
    /// the flag, before any AWS call.
    @Test(arguments: [
        (["--pcap", "capture.pcap"], "--pcap"), (["--evidence", "/tmp/saved"], "--evidence"),
    ])
    func flagsTheAthenaEngineCannotHonourAreRefused(extra: [String], flag: String) async throws {
        let r = try await CLIRunner.run(
            ["analyze", Self.logs, "--engine", "athena", "--since", "1h"] + extra,
            environment: Self.noAWS
        )
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(flag), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// The local engine never ignores an Athena flag either: it is refused with exit 64 naming it.
    @Test(arguments: [
        (["--workgroup", "wg"], "--workgroup"), (["--output-location", "s3://results/x/"], "--output-location"),
        (["--table", "other"], "--table"), (["--database", "logs"], "--database"),
        (["--max-scan-gb", "1"], "--max-scan-gb"),
    ])
    func athenaFlagsWithTheLocalEngineAreRefused(extra: [String], flag: String) async throws {
        let samples = CLIRunner.repoRoot.appendingPathComponent("Samples/AWSLogs").path
        let r = try await CLIRunner.run(["analyze", samples] + extra, environment: Self.noAWS)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(flag) && r.stderr.contains("for --engine athena"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// `--status` and `--kube-pods` go with `--engine athena` (the same statement carries what they need).
    @Test func statusAndKubePodsAreAccepted() async throws {
        let pods = CLIRunner.repoRoot.appendingPathComponent("Tests/ALBDoctorCLITests/Fixtures/kube/pods.json").path
        let r = try await CLIRunner.run(
            [
                "analyze", Self.logs, "--engine", "athena", "--print-sql", "--since", "2026-11-24T09:00:00Z", "--until",
                "2026-11-24T10:00:00Z", "--status", "504", "--kube-pods", pods,
            ],
            environment: Self.noAWS
        )
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("'status_signatures'"))
    }
}
