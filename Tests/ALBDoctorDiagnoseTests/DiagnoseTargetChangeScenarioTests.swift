import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` end to end on target-group changes seen in CloudTrail (a loopback stand-in for `LookupEvents`):
/// deregistrations timed with the deregistration delay in effect then, and targets that got requests before
/// their application listened. Emulator, metrics and logs as in `DiagnoseScenarioTests`.
@Suite struct DiagnoseTargetChangeScenarioTests {
    /// Uploads 25 minutes of requests from `base` on the three targets, 10.0.2.12 deregistered at
    /// `deregisteredAt` (no new request after it) with 8 long requests on it cut 30 s later; puts the 8 as
    /// HTTPCode_ELB_502_Count.
    static func uploadDeregistration(_ fixture: DiagnoseFixture, base: Int64, deregisteredAt: Int64) async throws {
        var lines: [String] = []
        for i in 0..<300 {
            let t = base * 1_000_000 + Int64(i) * 5_000_000
            var target = DiagnoseFixture.targets[i % 3] + ":8080"
            if target.hasPrefix("10.0.2.12") && t >= deregisteredAt * 1_000_000 {
                target = DiagnoseFixture.targets[0] + ":8080"  // drained: no new request after T
            }
            lines.append(fixture.line(at: t, target: target))
        }
        // 8 long requests started before T on 10.0.2.12, cut when the 30 s delay ran out.
        for k in 0..<8 {
            let cut = (deregisteredAt + 30) * 1_000_000 + Int64(k) * 40_000
            lines.append(
                fixture.line(
                    at: cut,
                    target: "10.0.2.12:8080",
                    times: "0.000 45.100 -1",
                    elb: 502,
                    targetStatus: "-",
                    path: "/reports/export"
                )
            )
        }
        try await fixture.uploadLog(lines, end: base + 1800)
        try await fixture.putMetric("HTTPCode_ELB_502_Count", points: [(Int(deregisteredAt + 30) / 60 * 60, 8)])
    }

    /// `DeregisterTargets` of 10.0.2.12 by Auto Scaling.
    static func deregistration(_ fixture: DiagnoseFixture, at time: Int64) -> (name: String, json: String) {
        fixture.trailEvent(
            "DeregisterTargets",
            at: time,
            user: "deployer",
            invokedBy: "autoscaling.amazonaws.com",
            parameters: #"\"targets\":[{\"id\":\"10.0.2.12\",\"port\":8080}]"#
        )
    }

    /// `ModifyTargetGroupAttributes` setting the deregistration delay to `seconds`.
    static func delayChange(_ fixture: DiagnoseFixture, at time: Int64, user: String, seconds: Int) -> (
        name: String, json: String
    ) {
        fixture.trailEvent(
            "ModifyTargetGroupAttributes",
            at: time,
            user: user,
            parameters:
                #"\"attributes\":[{\"key\":\"deregistration_delay.timeout_seconds\",\"value\":\"\#(seconds)\"}]"#
        )
    }

    /// A target is deregistered at T with a 30 s delay; requests still running on it are cut at T + 30 s:
    /// the logs' burst on that target, CloudTrail's DeregisterTargets and the target group's delay line up.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func deregistrationDelayTooShort() async throws {
        let base = DiagnoseFixture.base()
        let deregisteredAt = base + 10 * 60  // T = 20 minutes ago
        try await DiagnoseScenarioTests.withFixture(idle: 60, delay: 30) { fixture in
            let trail = try await DiagnoseScenarioTests.cloudTrail(events: [
                Self.deregistration(fixture, at: deregisteredAt)
            ])
            defer { Task { await trail.stop() } }
            try await Self.uploadDeregistration(fixture, base: base, deregisteredAt: deregisteredAt)
            let json = try await fixture.diagnose(trail: trail, loadBalancer: fixture.loadBalancerARN, since: "1h")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-deregistered", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 8)
            #expect(DiagnoseScenarioTests.sources(top).isSuperset(of: ["access-log", "cloudtrail"]))
            let trailEvidence = DiagnoseScenarioTests.evidence(top, from: "cloudtrail")
            #expect(trailEvidence.count == 1, "no delay change, so no history evidence")
            let details = JSONDetails.strings(trailEvidence.first?["details"])
            #expect(details?["target"] == "10.0.2.12:8080")
            #expect(details?["deregistration_delay_seconds"] == "30")
            #expect((trailEvidence.first?["summary"] as? String)?.contains("by autoscaling.amazonaws.com") == true)
            #expect((top["fix"] as? [String])?.first?.contains("now 30 s") == true)
            let changes = json["target_changes"] as? [[String: Any]] ?? []
            #expect(changes.count == 1 && changes.first?["name"] as? String == "DeregisterTargets")
        }
    }

    /// The same cut at T + 30 s, but the target group's delay is 300 s now: alice had set it to 30 s before T and
    /// bob raised it to 300 s after the incident. The correlation uses the 30 s in effect at T, and the evidence
    /// says who changed it, from what and to what.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func deregistrationTimedWithTheDelayInEffectThen() async throws {
        let base = DiagnoseFixture.base()
        let deregisteredAt = base + 10 * 60
        try await DiagnoseScenarioTests.withFixture(idle: 60, delay: 300) { fixture in
            let trail = try await DiagnoseScenarioTests.cloudTrail(events: [
                Self.deregistration(fixture, at: deregisteredAt),
                Self.delayChange(fixture, at: deregisteredAt - 15 * 60, user: "alice", seconds: 30),
                Self.delayChange(fixture, at: deregisteredAt + 8 * 60, user: "bob", seconds: 300),
            ])
            defer { Task { await trail.stop() } }
            try await Self.uploadDeregistration(fixture, base: base, deregisteredAt: deregisteredAt)
            let json = try await fixture.diagnose(trail: trail, since: "1h")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-deregistered", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 8)
            let trailEvidence = DiagnoseScenarioTests.evidence(top, from: "cloudtrail")
            #expect(trailEvidence.count == 2, "\(trailEvidence)")
            let call = DiagnoseScenarioTests.details(top) { $0["event"] == "DeregisterTargets" }
            #expect(call?["deregistration_delay_seconds"] == "30")
            let history = DiagnoseScenarioTests.details(top) { $0["attribute"] != nil }
            #expect(history?["set_by"] == "alice" && history?["delay_at_deregistration_seconds"] == "30")
            #expect(history?["current_seconds"] == "300")
            let summary = trailEvidence.last?["summary"] as? String ?? ""
            #expect(summary.contains("was 30 s when the target was deregistered"), "\(summary)")
            #expect(summary.contains("alice set it to 30 s"), "\(summary)")
            #expect(summary.contains("bob set it from 30 s to 300 s"), "\(summary)")
            #expect((top["fix"] as? [String])?.first?.contains("30 s at the deregistration, now 300 s") == true)
            let changes = json["target_changes"] as? [[String: Any]] ?? []
            #expect(
                changes.map { $0["name"] as? String ?? "" }.sorted() == [
                    "DeregisterTargets", "ModifyTargetGroupAttributes", "ModifyTargetGroupAttributes",
                ]
            )
        }
    }

    /// A fourth target, 10.0.2.13, is registered at T and gets requests at once, but its application listens only
    /// two minutes later: not-dispatched 502s on it from T, TargetConnectionErrorCount, and CloudTrail's
    /// RegisterTargets → target-refused-connection, saying it received traffic before it listened, with the
    /// health-check fix first.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func targetGotTrafficBeforeItsApplicationListened() async throws {
        let base = DiagnoseFixture.base()
        let registeredAt = base + 10 * 60
        try await DiagnoseScenarioTests.withFixture { fixture in
            _ = try await ELBv2Client(core: fixture.core).call(
                "RegisterTargets",
                [
                    ("TargetGroupArn", fixture.targetGroupARN), ("Targets.member.1.Id", "10.0.2.13"),
                    ("Targets.member.1.Port", "8080"),
                ]
            )
            let trail = try await DiagnoseScenarioTests.cloudTrail(events: [
                fixture.trailEvent(
                    "RegisterTargets",
                    at: registeredAt,
                    user: "deployer",
                    parameters: #"\"targets\":[{\"id\":\"10.0.2.13\",\"port\":8080}]"#
                )
            ])
            defer { Task { await trail.stop() } }
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<300 {
                let t = base * 1_000_000 + Int64(i) * 5_000_000
                if t >= registeredAt * 1_000_000 && i % 4 == 0 {
                    if t < (registeredAt + 120) * 1_000_000 {
                        lines.append(
                            fixture.line(
                                at: t,
                                target: "10.0.2.13:8080",
                                times: "-1 -1 -1",
                                elb: 502,
                                targetStatus: "-"
                            )
                        )
                        failed[DiagnoseFixture.minute(t), default: 0] += 1
                    } else {
                        lines.append(fixture.line(at: t, target: "10.0.2.13:8080"))
                    }
                } else {
                    lines.append(fixture.line(at: t, target: DiagnoseFixture.targets[i % 3] + ":8080"))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))
            try await fixture.putMetric("TargetConnectionErrorCount", points: DiagnoseFixture.points(failed))
            let json = try await fixture.diagnose(trail: trail, since: "1h")
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-refused-connection", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.85)
            #expect(top["count"] as? Int == 6)
            #expect(DiagnoseScenarioTests.sources(top).isSuperset(of: ["access-log", "metric", "cloudtrail"]))
            let registration = DiagnoseScenarioTests.details(top) { $0["event"] == "RegisterTargets" }
            #expect(registration?["target"] == "10.0.2.13:8080" && registration?["count"] == "6")
            #expect(registration?["seconds_after_registration"] == "0")
            let summary =
                DiagnoseScenarioTests.evidence(top, from: "cloudtrail").first?["summary"] as? String ?? ""
            #expect(summary.contains("by deployer") && summary.contains("before its application was listening"))
            #expect((top["fix"] as? [String])?.first?.contains("health check of app (path /health)") == true)
        }
    }
}
