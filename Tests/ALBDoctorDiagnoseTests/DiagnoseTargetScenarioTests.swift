import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` end to end on causes where the targets answered: a response the load balancer rejects (malformed)
/// and the application's own 502 passed through. Emulator, metrics and logs as in `DiagnoseScenarioTests`.
@Suite struct DiagnoseTargetScenarioTests {
    /// The export endpoint answers with a header section the load balancer rejects, on every target: dispatched
    /// 502s without a target status after 40-400 ms (`0.000 0.2xx -1`), all on one path, while
    /// TargetConnectionErrorCount has no data point → target-malformed-response with the logs and the metric.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func malformedResponseOnOnePath() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            let base = DiagnoseFixture.base()
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<360 {
                let t = base * 1_000_000 + Int64(i) * 4_000_000
                let target = DiagnoseFixture.targets[(i % 6 == 0 ? i / 6 : i) % 3] + ":8080"
                if i % 6 == 0 {  // every export request (60, spread over the three targets) is rejected
                    lines.append(
                        fixture.line(
                            at: t,
                            target: target,
                            times: "0.000 0.\(200 + i % 90) -1",
                            elb: 502,
                            targetStatus: "-",
                            path: "/api/reports/\(1000 + i)/export"
                        )
                    )
                    failed[DiagnoseFixture.minute(t), default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target, path: "/api/orders/\(i)"))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))
            try await fixture.putMetric("RequestCount", points: [(Int(base) + 60, 360)])
            let json = try await fixture.diagnose(trail: trail)
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-malformed-response", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.8)
            #expect(top["count"] as? Int == 60)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric"])
            let path = DiagnoseScenarioTests.details(top) { $0["path"] != nil }
            #expect(path?["path"] == "/api/reports/{id}/export" && path?["targets"] == "3")
            let metric = DiagnoseScenarioTests.details(top) { $0["metric"] == "TargetConnectionErrorCount" }
            #expect(metric?["total"] == "0" && metric?["elb_502"] == "60")
            #expect(!causes.contains { $0["id"] as? String == "target-refused-connection" })
            let attribution = json["source_attribution"] as? [String: Any]
            #expect(attribution?["elb_502"] as? Int == 60 && attribution?["target_5xx"] as? Int == 0)
        }
    }

    /// The application answers 502 itself on one path (an upstream it calls fails): elb_status_code 502 with
    /// target_status_code 502 in the logs, HTTPCode_Target_5XX_Count for the load balancer and the target group,
    /// no HTTPCode_ELB_502_Count → target-application-502, attributed to the targets; the logs' load-balancer 502s
    /// (none) agree with the metric.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func targetAnswers502Itself() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            let base = DiagnoseFixture.base()
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<300 {
                let t = base * 1_000_000 + Int64(i) * 5_000_000
                let target = DiagnoseFixture.targets[i % 3] + ":8080"
                if i % 5 == 0 && i >= 100 {  // 40 payment requests from minute 8 on
                    lines.append(
                        fixture.line(
                            at: t,
                            target: target,
                            times: "0.000 0.250 0.000",
                            elb: 502,
                            targetStatus: "502",
                            path: "/api/payments/\(i)"
                        )
                    )
                    failed[DiagnoseFixture.minute(t), default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_Target_5XX_Count", points: DiagnoseFixture.points(failed))
            try await fixture.putMetric(
                "HTTPCode_Target_5XX_Count",
                targetGroup: true,
                points: DiagnoseFixture.points(failed)
            )
            let json = try await fixture.diagnose(trail: trail)
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-application-502", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 40)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric"])
            let metric = DiagnoseScenarioTests.details(top) { $0["metric"] == "HTTPCode_Target_5XX_Count" }
            #expect(metric?["total"] == "40" && metric?["elb_502"] == "0" && metric?["group:app"] == "40")
            #expect(DiagnoseScenarioTests.details(top) { $0["path"] != nil }?["path"] == "/api/payments/{id}")
            #expect(causes.count == 1, "\(DiagnoseScenarioTests.ids(causes))")
            let attribution = json["source_attribution"] as? [String: Any]
            #expect(attribution?["elb_502"] as? Int == 0 && attribution?["target_5xx"] as? Int == 40)
            #expect((attribution?["verdict"] as? String)?.contains("the targets answered 40 5xx themselves") == true)
            let comparisons = json["logs_vs_metrics"] as? [[String: Any]] ?? []
            let elb = comparisons.first { $0["metric"] as? String == "HTTPCode_ELB_502_Count" }
            #expect(elb?["logs"] as? Int == 0 && elb?["metrics"] as? Int == 0 && elb?["agrees"] as? Bool == true)
        }
    }
}
