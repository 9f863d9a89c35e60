import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose --probe` end to end: moto_server holds a load balancer (idle timeout 3 s) whose only target is a
/// loopback server on 127.0.0.1 that closes idle connections after 1 s; the access logs show keep-alive 502s on
/// it. Without `--probe` the finding names the probe command; with it the probe measures the early close and
/// the keep-alive finding carries the probe's evidence with a raised confidence.
@Suite struct DiagnoseProbeTests {
    /// A load balancer (idle timeout 3 s) whose only registered target is 127.0.0.1:`port`: nothing else can be
    /// probed.
    static func loadBalancer(endpoint: String, onlyTarget port: Int) async throws -> DiagnoseFixture {
        var fixture = DiagnoseFixture(endpoint: endpoint)
        try await fixture.makeLoadBalancer(idle: 3)
        let elb = ELBv2Client(core: fixture.core)
        var deregister = [("TargetGroupArn", fixture.targetGroupARN)]
        for (i, ip) in DiagnoseFixture.targets.enumerated() {
            deregister += [("Targets.member.\(i + 1).Id", ip), ("Targets.member.\(i + 1).Port", "8080")]
        }
        _ = try await elb.call("DeregisterTargets", deregister)
        _ = try await elb.call(
            "RegisterTargets",
            [
                ("TargetGroupArn", fixture.targetGroupARN), ("Targets.member.1.Id", "127.0.0.1"),
                ("Targets.member.1.Port", String(port)),
            ]
        )
        return fixture
    }

    /// The only target refuses connections (nothing listens on its port): not-dispatched 502s on it in the logs;
    /// `--probe --probe-quick` gets a refused connect (RST) and confirms `target-refused-connection`.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func probeConfirmsARefusedConnection() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await LoopbackPorts.withRefusingPort { port in
            try await withMotoServer { endpoint in
                let fixture = try await Self.loadBalancer(endpoint: endpoint, onlyTarget: port)
                let target = "127.0.0.1:\(port)"
                // The last 80 of 200 requests are refused.
                let failed = try await fixture.uploadNotDispatched(
                    count: 200,
                    port: port,
                    targets: ["127.0.0.1"],
                    fails: { i, _ in i >= 120 }
                )
                let points = DiagnoseFixture.points(failed)
                try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
                try await fixture.putMetric("TargetConnectionErrorCount", points: points)
                var options = DiagnoseRun.Options(loadBalancer: "web")
                options.since = "45m"
                options.awsEnvironment = DiagnoseFixture.environment(
                    endpoint: endpoint,
                    overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
                )
                let report = try await DiagnoseRun(options: options).run()
                let before = try #require(
                    report.causes.first { $0.id == .targetRefusedConnection },
                    "\(report.causes.map { "\($0.id) \($0.confidence) \($0.count)" })"
                )
                let probed = await DiagnoseProbing(probe: true, quick: true, maxTargets: 1, connectTimeout: 2).apply(
                    to: report
                )
                let json = try await DiagnoseScenarioTests.render(probed)
                let top = try #require(DiagnoseScenarioTests.causes(json).first)
                #expect(top["id"] as? String == "target-refused-connection")
                #expect(top["count"] as? Int == 80)
                #expect((top["confidence"] as? Double ?? 0) > before.confidence)
                let probeEvidence = (top["evidence"] as? [[String: Any]] ?? []).filter {
                    $0["source"] as? String == "probe"
                }
                let confirmed = probeEvidence.first { (JSONDetails.strings($0["details"]))?["effect"] == "confirmed" }
                #expect((confirmed?["summary"] as? String)?.contains(target) == true, "\(probeEvidence)")
            }
        }
    }
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func probeConfirmsKeepAlive() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await LoopbackHTTPServer.with(.keepAlive(timeout: 1)) { port in
            try await withMotoServer { endpoint in
                let fixture = try await Self.loadBalancer(endpoint: endpoint, onlyTarget: port)
                let target = "127.0.0.1:\(port)"
                let base = Int64(Date().timeIntervalSince1970) / 60 * 60 - 30 * 60
                var lines: [String] = []
                var failed: [Int: Int] = [:]
                for i in 0..<600 {
                    let t = base * 1_000_000 + Int64(i) * 2_500_000
                    if i % 97 == 5 {
                        lines.append(
                            fixture.line(
                                at: t,
                                target: target,
                                times: "0.000 0.001 -1",
                                elb: 502,
                                targetStatus: "-",
                                path: "/api/orders/\(i)"
                            )
                        )
                        failed[Int(t / 60_000_000) * 60, default: 0] += 1
                    } else {
                        lines.append(fixture.line(at: t, target: target, path: "/api/orders/\(i)"))
                    }
                }
                try await fixture.uploadLog(lines, end: base + 1800)
                try await fixture.putMetric(
                    "HTTPCode_ELB_502_Count",
                    points: failed.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
                )
                var options = DiagnoseRun.Options(loadBalancer: "web")
                options.since = "45m"
                options.awsEnvironment = DiagnoseFixture.environment(
                    endpoint: endpoint,
                    overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
                )
                let report = try await DiagnoseRun(options: options).run()
                let before = try #require(report.causes.first { $0.id == .targetKeepaliveTimeout })

                // Without --probe: the exact command.
                let suggested = await DiagnoseProbing(probe: false).apply(to: report)
                let confirm = try #require(suggested.causes.first { $0.id == .targetKeepaliveTimeout }?.confirm)
                #expect(
                    confirm.contains { $0.contains("`alb-doctor probe http://\(target)/health --idle-timeout 3`") },
                    "\(confirm)"
                )

                // With --probe: the measured close merged into the finding.
                let probed = await DiagnoseProbing(probe: true, maxTargets: 1, connectTimeout: 2).apply(to: report)
                let json = try await DiagnoseScenarioTests.render(probed)
                let causes = DiagnoseScenarioTests.causes(json)
                let keepAlive = try #require(causes.first { $0["id"] as? String == "target-keepalive-timeout" })
                #expect((keepAlive["confidence"] as? Double ?? 0) > before.confidence || before.confidence >= 0.99)
                let evidence = keepAlive["evidence"] as? [[String: Any]] ?? []
                let probeEvidence = evidence.filter { $0["source"] as? String == "probe" }
                #expect(probeEvidence.count >= 2, "\(evidence)")
                let confirmed = probeEvidence.first {
                    (JSONDetails.strings($0["details"]))?["effect"] == "confirmed"
                }
                #expect((confirmed?["summary"] as? String)?.contains(target) == true)
                let gathered = json["gathered"] as? [String] ?? []
                #expect(gathered.contains { $0.hasPrefix("probe: 1 of 1 target probed") }, "\(gathered)")
            }
        }
    }
}
