import Foundation
import TestSupport
import Testing

/// `alb-doctor mcp` driven by the official Python MCP client (PyPI `mcp`) through Scripts/mcp-client-check.py,
/// over stdio and over HTTP, with a real moto for `diagnose_load_balancer`. Without the client (or moto) the
/// tests fail under `CI=true` and are skipped locally (Scripts/install-test-tools.sh installs both, for the
/// `python3` on the PATH, which is the one these tests run).
@Suite(.serialized) struct MCPClientTests {
    struct Outcome: Decodable {
        var passed: [String]
        var failed: [String: String]
    }

    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether python3 can import the client, moto and boto3; records an issue under CI when it cannot.
    static func clientAvailable() async throws -> Bool {
        let r = try await CLIRunner.run(
            ["python3", "-c", "import mcp.client.stdio, mcp.client.streamable_http, jsonschema, moto, boto3"],
            executable: "/usr/bin/env"
        )
        if r.status == 0 { return true }
        if inCI {
            Issue.record("the Python MCP client or moto is missing (CI=true: failing): \(r.stderr)")
        } else {
            print("MCPClientTests: skipped, python3 lacks mcp/moto (Scripts/install-test-tools.sh installs them)")
        }
        return false
    }

    static func drive(_ transport: String) async throws -> Outcome {
        let binary = try CLIRunner.executable("alb-doctor")
        let r = try await CLIRunner.run(
            [
                "python3", CLIRunner.repoRoot.appendingPathComponent("Scripts/mcp-client-check.py").path,
                "--binary", binary.path, "--transport", transport,
            ],
            executable: "/usr/bin/env"
        )
        let outcome = try JSONDecoder().decode(Outcome.self, from: Data(r.stdout.utf8))
        #expect(r.status == (outcome.failed.isEmpty ? 0 : 1), "\(r.stderr)")
        return outcome
    }

    static let sessionChecks = [
        "initialize", "list-tools", "analyze-logs-equals-cli", "bad-input-cli-message", "outside-roots-refused",
        "records-query-equals-cli", "explain-cause-and-iam", "active-and-costly-refused", "cancel-long-call",
        "diagnose-moto-equals-cli", "scan-fleet-moto-equals-cli", "watch-snapshot-moto",
    ]

    @Test func stdioClientGetsTheCLIReports() async throws {
        guard try await Self.clientAvailable() else { return }
        let outcome = try await Self.drive("stdio")
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        let expected =
            Self.sessionChecks.map { "stdio:\($0)" } + [
                "stdio:probe-with-allow-probes", "stdio:client-roots", "docs:client-config", "secrets-never-returned",
            ]
        #expect(Set(outcome.passed) == Set(expected))
    }

    @Test func httpClientGetsTheCLIReports() async throws {
        guard try await Self.clientAvailable() else { return }
        let outcome = try await Self.drive("http")
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(Set(outcome.passed) == Set(Self.sessionChecks.map { "http:\($0)" } + ["secrets-never-returned"]))
    }
}
