import ALBAccessLog
import ALBDiagnosis
import ALBDoctor
import Foundation
import TestSupport
import Testing

/// `analyze --kube-pods`: the fixture of `Scripts/make-kube-fixture.py` (a pod deleted with no preStop hook while
/// the load balancer still routed to it).
@Suite struct AnalyzeKubePodsCommandTests {
    static let fixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/ALBDoctorCLITests/Fixtures/kube")
    static var logs: String { fixtures.appendingPathComponent("access.log").path }
    static var pods: String { fixtures.appendingPathComponent("pods.json").path }

    @Test func jsonNamesThePodAndItsStopAsTheTopCause() async throws {
        let r = try await CLIRunner.run(["analyze", Self.logs, "--kube-pods", Self.pods, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let causes = try #require(json["causes"] as? [[String: Any]])
        let top = try #require(causes.first)
        #expect(top["id"] as? String == "target-stopped-while-registered")
        #expect(top["count"] as? Int == 32)
        let evidence = try #require((top["evidence"] as? [[String: Any]])?.first)
        // Numbers are JSON numbers (schema_version 2); compare their text.
        let details = try #require(evidence["details"] as? [String: Any]).mapValues { "\($0)" }
        #expect(details["target"] == "10.0.2.12:8080")
        #expect(details["pod"] == "shop/web-7d9f8c-x2k4p")
        #expect(details["stop_signal"] == "2026-11-24T10:05:00Z")
        #expect(details["grace_period_seconds"] == "30")
        #expect(details["exit_code.app"] == "143")
        #expect(details["pre_stop_hook"] == "no")
        let fixes = try #require(top["fix"] as? [String])
        #expect(fixes.contains { $0.contains("Pod shop/web-7d9f8c-x2k4p has no preStop hook") })
        #expect(fixes.contains { $0.contains("Container app exited with 143") })
        #expect(fixes.contains { $0.contains("pod-readiness-gate-inject") })
        let rows = try #require(
            ((json["breakdowns"] as? [String: Any])?["targets"] as? [String: Any])?["rows"] as? [[String: Any]]
        )
        #expect(rows.first?["key"] as? String == "10.0.2.12:8080")
        #expect(
            (rows.first?["workload"] as? String)?.hasPrefix("pod shop/web-7d9f8c-x2k4p (ReplicaSet/web-7d9f8c") == true
        )
        let workloads = try #require(json["workloads"] as? [[String: Any]])
        #expect(workloads.map { $0["address"] as? String } == ["10.0.2.12"])
        #expect(
            (json["notes"] as? [String] ?? []).contains {
                $0.contains("3 pod addresses read; 1 pod without an IP skipped")
            }
        )
    }

    @Test func aPodInTwoSnapshotsIsListedOnce() async throws {
        let r = try await CLIRunner.run([
            "analyze", Self.logs, "--kube-pods", Self.pods, "--kube-pods", Self.pods, "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let workloads = try #require(json["workloads"] as? [[String: Any]])
        #expect(workloads.count == 1)
        let rows = try #require(
            ((json["breakdowns"] as? [String: Any])?["targets"] as? [String: Any])?["rows"] as? [[String: Any]]
        )
        let named = try #require(rows.first?["workload"] as? String)
        #expect(!named.contains(";"), "\(named)")
    }

    @Test func textNamesThePodInTheCauseAndTheTargetTable() async throws {
        let r = try await CLIRunner.run(["analyze", Self.logs, "--kube-pods", Self.pods, "--color", "off"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[target-stopped-while-registered]"))
        #expect(r.stdout.contains("10.0.2.12:8080 was pod shop/web-7d9f8c-x2k4p"))
        #expect(r.stdout.contains("workload"))
    }

    @Test func withoutThePodsTheLogsAloneNameTheStopAtMediumConfidence() async throws {
        let r = try await CLIRunner.run(["analyze", Self.logs, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let causes = try #require(json["causes"] as? [[String: Any]])
        let top = try #require(causes.first)
        #expect(top["id"] as? String == "target-stopped-while-registered")
        #expect((top["confidence"] as? Double ?? 1) <= 0.75)
        #expect(!causes.contains { $0["id"] as? String == "target-keepalive-timeout" })
        #expect((top["confirm"] as? [String] ?? []).contains { $0.contains("--kube-pods") })
        #expect(!r.stdout.contains("\"workloads\""))
        #expect(!r.stdout.contains("\"pod\""))
    }

    @Test func aBrokenPodsFileIsAClearError() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("pods.json")
        try Data(#"{"kind": "List", "items": [{"metadata": {"namespace": "shop"}}]}"#.utf8).write(to: bad)
        let r = try await CLIRunner.run(["analyze", Self.logs, "--kube-pods", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--kube-pods \(bad.path): missing field items[0].metadata.name"), "\(r.stderr)")
        let text = dir.appendingPathComponent("pods.txt")
        try Data("NAME READY STATUS\n".utf8).write(to: text)
        let r2 = try await CLIRunner.run(["analyze", Self.logs, "--kube-pods", text.path])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("not JSON (expected the output of `kubectl get pods -A -o json`)"))
    }

    @Test func podsParseIntoWorkloads() throws {
        let pods = try KubePods(path: Self.pods)
        #expect(pods.skipped == 1)
        let stopping = try #require(pods.workloads.first { $0.address == "10.0.2.12" }?.pod)
        #expect(stopping.qualifiedName == "shop/web-7d9f8c-x2k4p")
        #expect(stopping.owner == "ReplicaSet/web-7d9f8c")
        #expect(stopping.node == "ip-10-0-2-5.ec2.internal")
        #expect(stopping.gracePeriodSeconds == 30)
        #expect(stopping.hasPreStopHook == false)
        #expect(stopping.readinessGates.isEmpty)
        #expect(stopping.exitCodes == ["app": 143])
        #expect(stopping.deletionTimestamp?.description.hasPrefix("2026-11-24T10:05:30") == true)
        let sibling = try #require(pods.workloads.first { $0.address == "10.0.2.13" }?.pod)
        #expect(sibling.hasPreStopHook)
        #expect(sibling.readinessGates == ["target-health.elbv2.k8s.aws/k8s-shop-web-5a1b2c3d4e"])
        #expect(sibling.deletionTimestamp == nil)
    }
}
