import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose --status` end to end against moto_server: access logs with 504s and 503s, the per-code metrics
/// put with PutMetricData, and the configuration that decides between the causes the logs cannot separate.
@Suite struct DiagnoseStatusScenarioTests {
    static func run(
        _ fixture: DiagnoseFixture,
        trail: LoopbackJSONServer,
        status: String
    ) async throws -> [String: Any] {
        var options = DiagnoseRun.Options(loadBalancer: "web")
        options.status = try StatusSelection(parsing: status)
        options.awsEnvironment = DiagnoseFixture.environment(
            endpoint: fixture.endpoint,
            overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
        )
        return try await DiagnoseScenarioTests.render(try await DiagnoseRun(options: options).run())
    }

    /// Requests every 10 s for 30 minutes, round-robin over the targets: `failing(i, target)` gives the line
    /// of a failing request (else a 200 on `/report` taking `successSeconds`); returns the failures per minute.
    static func upload(
        _ fixture: DiagnoseFixture,
        successSeconds: String = "0.020",
        failing: (_ index: Int, _ target: String, _ micros: Int64) -> String?
    ) async throws -> [Int: Int] {
        let base = DiagnoseFixture.base()
        var lines: [String] = []
        var failed: [Int: Int] = [:]
        for i in 0..<180 {
            let t = base * 1_000_000 + Int64(i) * 10_000_000
            let target = DiagnoseFixture.targets[i % DiagnoseFixture.targets.count] + ":8080"
            if let line = failing(i, target, t) {
                lines.append(line)
                failed[DiagnoseFixture.minute(t), default: 0] += 1
            } else {
                lines.append(
                    fixture.line(at: t, target: target, times: "0.001 \(successSeconds) 0.000", path: "/report")
                )
            }
        }
        try await fixture.uploadLog(lines, end: base + 1800)
        return failed
    }

    /// A slow `/report` (12.5 s) behind a 15 s idle timeout: every fifth request hits it → 504s after 15 s
    /// → target-response-timeout, the idle timeout read from the configuration and HTTPCode_ELB_504_Count.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func slowTargetWithAShortIdleTimeout() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await DiagnoseScenarioTests.withFixture(idle: 15) { fixture in
            let f = fixture
            let failed = try await Self.upload(f, successSeconds: "12.500") { i, target, t in
                i % 5 == 0
                    ? f.line(
                        at: t,
                        target: target,
                        times: "-1 -1 -1",
                        elb: 504,
                        targetStatus: "-",
                        path: "/report",
                        elapsed: 15_004_000
                    )
                    : nil
            }
            try await f.putMetric("HTTPCode_ELB_504_Count", points: DiagnoseFixture.points(failed))
            let json = try await Self.run(f, trail: trail, status: "504")
            #expect(json["status_selection"] as? String == "504")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-response-timeout", "\(DiagnoseScenarioTests.ids(causes))")
            #expect(top["status"] as? Int == 504)
            #expect(top["count"] as? Int == failed.values.reduce(0, +))
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric"])
            let idle = DiagnoseScenarioTests.details(top) { $0["idle_timeout_source"] != nil }
            #expect(idle?["idle_timeout_source"] == "configuration" && idle?["idle_timeout_seconds"] == "15")
            #expect(DiagnoseScenarioTests.details(top) { $0["metric"] == "HTTPCode_ELB_504_Count" }?["total"] == "36")
            #expect(!causes.contains { $0["status"] == nil }, "no 502 cause without 502 selected")
        }
    }

    /// The targets of 10.0.1.0/24 sit behind a security group that admits 9090, not 8080: their requests end
    /// in 504s after the 10 s connection timeout → target-connect-timeout with the blocking group named.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func connectTimeoutBehindASecurityGroup() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            let f = fixture
            _ = try await f.secureTargets(blockedGroupPort: 9090)
            let failed = try await Self.upload(f) { i, target, t in
                i >= 90 && target.hasPrefix("10.0.1.")
                    ? f.line(at: t, target: target, times: "-1 -1 -1", elb: 504, targetStatus: "-", elapsed: 10_002_000)
                    : nil
            }
            try await f.putMetric("HTTPCode_ELB_504_Count", points: DiagnoseFixture.points(failed))
            try await f.putMetric("TargetConnectionErrorCount", points: DiagnoseFixture.points(failed))
            let json = try await Self.run(f, trail: trail, status: "5xx")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-connect-timeout", "\(DiagnoseScenarioTests.ids(causes))")
            #expect(top["count"] as? Int == failed.values.reduce(0, +))
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric", "configuration"])
            let blocked = DiagnoseScenarioTests.details(top) { $0["network_path"] == "blocked" }
            #expect(blocked?["layer"] == "security-group")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
        }
    }

    /// A second listener forwards to `empty`, a target group without targets: 503s without a target on it →
    /// no-registered-targets, confirmed by the configuration.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func ruleToAnEmptyTargetGroup() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            let empty = try await fixture.addEmptyTargetGroup()
            let f = fixture
            let failed = try await Self.upload(f) { i, _, t in
                i % 4 == 0
                    ? f.line(
                        at: t,
                        target: "-",
                        times: "-1 -1 -1",
                        elb: 503,
                        targetStatus: "-",
                        path: "/beta",
                        targetGroup: empty
                    )
                    : nil
            }
            try await f.putMetric("HTTPCode_ELB_503_Count", points: DiagnoseFixture.points(failed))
            let json = try await Self.run(f, trail: trail, status: "503")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "no-registered-targets", "\(DiagnoseScenarioTests.ids(causes))")
            #expect(top["count"] as? Int == failed.values.reduce(0, +))
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric", "configuration"])
            #expect(
                DiagnoseScenarioTests.details(top) { $0["empty_target_groups"] != nil }?["empty_target_groups"]
                    == "empty"
            )
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
        }
    }
}

extension DiagnoseFixture {
    /// Adds an `ip` target group `empty` without targets, forwarded to by a second listener (port 82).
    func addEmptyTargetGroup() async throws -> String {
        let elb = ELBv2Client(core: core)
        let created = try await elb.call(
            "CreateTargetGroup",
            [("Name", "empty"), ("Protocol", "HTTP"), ("Port", "8080"), ("VpcId", vpcID), ("TargetType", "ip")]
        )
        guard let group = created.find("TargetGroupArn")?.text else { throw SetupError.missing("TargetGroupArn") }
        _ = try await elb.call(
            "CreateListener",
            [
                ("LoadBalancerArn", loadBalancerARN), ("Protocol", "HTTP"), ("Port", "82"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group),
            ]
        )
        return group
    }
}
