import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` end to end on a `lambda` target group `fn` (behind the load balancer `web` of `DiagnoseFixture`):
/// Lambda error reasons in the access logs, the target group's and the function's metrics put with PutMetricData,
/// a real function in the emulator when its configuration matters, and loopback stand-ins for CloudTrail and
/// Service Quotas (moto 5.2.1 has neither LookupEvents nor the Lambda quota).
@Suite struct DiagnoseLambdaScenarioTests {
    /// A Service Quotas stand-in: the account's Lambda concurrency quota is 1000.
    static func quotas() async throws -> LoopbackJSONServer {
        try await LoopbackJSONServer.start { _ in
            .json(
                #"{"Quota": {"ServiceCode": "lambda", "QuotaCode": "L-B99A9384", "QuotaName": "Concurrent executions", "Value": 1000.0}}"#
            )
        }
    }

    /// Uploads 200 requests to the Lambda target group `group`, one every 5 s from `base`, of which every fourth of
    /// the last 100 (25) failed with `errorReason`; returns the failures per minute.
    static func uploadLines(
        _ fixture: DiagnoseFixture,
        group: String,
        base: Int64,
        errorReason: String,
        times: String = "0.000 0.001 0.000",
        path: String = "/api/orders"
    ) async throws -> [Int: Int] {
        var lines: [String] = []
        var failed: [Int: Int] = [:]
        for i in 0..<200 {
            let t = base * 1_000_000 + Int64(i) * 5_000_000
            if i >= 100 && i % 4 == 0 {
                lines.append(
                    fixture.line(
                        at: t,
                        target: "-",
                        times: times,
                        elb: 502,
                        targetStatus: "-",
                        path: path,
                        errorReason: errorReason,
                        targetGroup: group
                    )
                )
                failed[DiagnoseFixture.minute(t), default: 0] += 1
            } else {
                lines.append(fixture.line(at: t, target: "-", targetStatus: "200", targetGroup: group))
            }
        }
        try await fixture.uploadLog(lines, end: base + 1800)
        return failed
    }

    /// A Lambda target throttled at the account's concurrency quota: LambdaThrottling 502s in the logs, Throttles and
    /// ConcurrentExecutions of the function, the quota from a Service Quotas stand-in (moto 5.2.1 has no Lambda
    /// quotas) → lambda-throttled with all three; the function's configuration is missing (moto has no such
    /// function) and the report says so.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func lambdaThrottledAtTheQuota() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        let quotas = try await Self.quotas()
        defer { Task { await quotas.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            let group = try await fixture.addLambdaTargetGroup(function: "orders")
            let base = DiagnoseFixture.base()
            let throttled = try await Self.uploadLines(
                fixture,
                group: group,
                base: base,
                errorReason: "LambdaThrottling"
            )
            let points = DiagnoseFixture.points(throttled)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putLambdaMetric("Throttles", function: "orders", points: points)
            try await fixture.putLambdaMetric(
                "ConcurrentExecutions",
                function: "orders",
                points: [(Int(base) + 600, 1000)]
            )
            let json = try await fixture.diagnose(
                trail: trail,
                overrides: ["AWS_ENDPOINT_URL_SERVICE_QUOTAS": quotas.endpoint]
            )
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "lambda-throttled", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 25)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric", "configuration"])
            let quota = (top["evidence"] as? [[String: Any]] ?? []).first { $0["source"] as? String == "configuration" }
            #expect((JSONDetails.strings(quota?["details"]))?["quota"] == "1000")
            #expect((quota?["summary"] as? String)?.contains("at the quota") == true)
            let missing = json["missing_evidence"] as? [[String: Any]] ?? []
            #expect(missing.count == 1, "\(missing)")
            #expect((missing.first?["what"] as? String)?.contains("Lambda function") == true)
            #expect(!causes.contains { $0["id"] as? String == "target-keepalive-timeout" })
        }
    }

    /// A function that runs into its 3 s timeout: LambdaUnhandled 502s at about 3 s in the logs, LambdaUserError of
    /// the target group, Errors and a Duration Maximum of 2998 ms of the function, and the function itself in the
    /// emulator (IAM role + CreateFunction) so that GetFunctionConfiguration gives its timeout → lambda-unhandled,
    /// and the report says the invocations ran into the timeout.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func lambdaUnhandledAtTheTimeout() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        let quotas = try await Self.quotas()
        defer { Task { await quotas.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            try await fixture.createFunction("orders", timeout: 3)
            let group = try await fixture.addLambdaTargetGroup(function: "orders")
            let base = DiagnoseFixture.base()
            let failed = try await Self.uploadLines(
                fixture,
                group: group,
                base: base,
                errorReason: "LambdaUnhandled",
                times: "0.000 3.004 0.000"
            )
            let points = DiagnoseFixture.points(failed)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("LambdaUserError", group: group, points: points)
            try await fixture.putLambdaMetric("Errors", function: "orders", points: points)
            try await fixture.putLambdaMetric("Duration", function: "orders", points: points.map { ($0.0, 2998) })
            try await fixture.putLambdaMetric("Duration", function: "orders", points: [(Int(base) + 60, 180)])
            let json = try await fixture.diagnose(
                trail: trail,
                overrides: ["AWS_ENDPOINT_URL_SERVICE_QUOTAS": quotas.endpoint]
            )
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "lambda-unhandled", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.9)
            #expect(top["count"] as? Int == 25)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric", "configuration"])
            let timeout = DiagnoseScenarioTests.details(top) { $0["timed_out"] != nil }
            #expect(timeout?["function"] == "orders" && timeout?["timeout_seconds"] == "3")
            #expect(timeout?["timed_out"] == "yes" && timeout?["max_duration_ms"] == "2998")
            let config = DiagnoseScenarioTests.evidence(top, from: "configuration").first
            #expect((config?["summary"] as? String)?.contains("ran into the timeout") == true)
            #expect(DiagnoseScenarioTests.details(top) { $0["at_timeout"] != nil }?["at_timeout"] == "25")
            let metrics = Set(
                DiagnoseScenarioTests.evidence(top, from: "metric").compactMap {
                    (JSONDetails.strings($0["details"]))?["metric"]
                }
            )
            #expect(metrics == ["Errors", "LambdaUserError"])
            #expect((json["missing_evidence"] as? [Any])?.isEmpty == true, "\(json["missing_evidence"] ?? "")")
        }
    }

    /// A function whose answer on one path is over 1 MB: LambdaResponseTooLarge 502s in the logs, all on
    /// /v1/reports/full, and LambdaUserError of the target group → lambda-response-too-large with both; no Errors
    /// (the function itself succeeded), so no lambda-unhandled.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func lambdaResponseTooLarge() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        let quotas = try await Self.quotas()
        defer { Task { await quotas.stop() } }
        try await DiagnoseScenarioTests.withFixture { fixture in
            try await fixture.createFunction("reports", timeout: 30)
            let group = try await fixture.addLambdaTargetGroup(function: "reports")
            let failed = try await Self.uploadLines(
                fixture,
                group: group,
                base: DiagnoseFixture.base(),
                errorReason: "LambdaResponseTooLarge",
                times: "0.000 0.840 0.000",
                path: "/v1/reports/full"
            )
            let points = DiagnoseFixture.points(failed)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("LambdaUserError", group: group, points: points)
            let json = try await fixture.diagnose(
                trail: trail,
                overrides: ["AWS_ENDPOINT_URL_SERVICE_QUOTAS": quotas.endpoint]
            )
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "lambda-response-too-large", "\(DiagnoseScenarioTests.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 25)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric"])
            let user = DiagnoseScenarioTests.details(top) { $0["metric"] == "LambdaUserError" }
            #expect(user?["total"] == "25")
            #expect(DiagnoseScenarioTests.details(top) { $0["path"] != nil }?["path"] == "/v1/reports/full")
            #expect(!causes.contains { $0["id"] as? String == "lambda-unhandled" })
            #expect((json["missing_evidence"] as? [Any])?.isEmpty == true, "\(json["missing_evidence"] ?? "")")
        }
    }
}
