import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` end to end against moto_server on 127.0.0.1 (load balancer, target group, targets, metrics put with
/// PutMetricData, access logs uploaded to S3) and a loopback stand-in for CloudTrail `LookupEvents` (moto 5.2.1
/// answers it with an HTTP 500 HTML page). Each test asserts the top cause and its evidence in the JSON report.
@Suite struct DiagnoseScenarioTests {
    /// A CloudTrail stand-in answering `LookupEvents` with `events` for the event name they carry, none otherwise.
    static func cloudTrail(events: [(name: String, json: String)]) async throws -> LoopbackJSONServer {
        try await LoopbackJSONServer.start { request in
            let matching = events.filter { request.bodyText.contains("\"\($0.name)\"") }.map(\.json)
            return .json("{\"Events\": [\(matching.joined(separator: ", "))]}", headers: [])
        }
    }

    /// The report's JSON, checked against `schema/diagnose-report.schema.json`.
    static func render(_ report: DiagnoseReport) async throws -> [String: Any] {
        let text = try JSONReportRenderer().render(report)
        if let errors = try await JSONSchemaCheck.errors(text, schema: "diagnose-report.schema.json") {
            #expect(errors.isEmpty, "the JSON breaks schema/diagnose-report.schema.json: \(errors)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static func causes(_ json: [String: Any]) -> [[String: Any]] { json["causes"] as? [[String: Any]] ?? [] }

    static func sources(_ cause: [String: Any]) -> Set<String> {
        Set((cause["evidence"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String })
    }

    /// The evidence entries of `cause` from `source`, in order.
    static func evidence(_ cause: [String: Any], from source: String) -> [[String: Any]] {
        (cause["evidence"] as? [[String: Any]] ?? []).filter { $0["source"] as? String == source }
    }

    /// The `details` of the first evidence entry of `cause` whose details satisfy `match`.
    static func details(_ cause: [String: Any], where match: ([String: String]) -> Bool) -> [String: String]? {
        (cause["evidence"] as? [[String: Any]] ?? []).compactMap { JSONDetails.strings($0["details"]) }.first(
            where: match
        )
    }

    /// The ids of the causes, for failure messages.
    static func ids(_ causes: [[String: Any]]) -> [String] { causes.map { $0["id"] as? String ?? "" } }

    /// Runs `body` against a fresh emulator with the load balancer `web` made (see `DiagnoseFixture`).
    static func withFixture(
        idle: Int = 60,
        delay: Int = 30,
        logs: Bool = true,
        targetProtocol: String = "HTTP",
        port: Int = 8080,
        _ body: (inout DiagnoseFixture) async throws -> Void
    ) async throws {
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(
                idle: idle,
                delay: delay,
                logs: logs,
                targetProtocol: targetProtocol,
                port: port
            )
            try await body(&fixture)
        }
    }

    /// One target refuses connections: not-dispatched 502s on it in the logs, TargetConnectionErrorCount in the
    /// metrics → target-refused-connection, confirmed by both, and the logs' and metrics' 502 counts agree.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func refusedConnectionFromLogsAndMetrics() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 60, delay: 30)
            let base = DiagnoseFixture.base()
            // One request every 5 s for 25 min; 50 of the 100 requests to 10.0.1.11 fail to connect.
            let failedPerMinute = try await fixture.uploadNotDispatched(base: base) { i, _ in i % 3 == 1 && i % 2 == 1 }
            let points = DiagnoseFixture.points(failedPerMinute)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", targetGroup: true, points: points)
            try await fixture.putMetric("RequestCount", points: [(Int(base) + 60, 300)])
            // One of the three targets fails its health checks in every minute with 502s.
            try await fixture.putMetric(
                "HealthyHostCount",
                targetGroup: true,
                points: failedPerMinute.keys.sorted().map { ($0, 2) }
            )

            let saved = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-evidence-\(UUID())")
            defer { try? FileManager.default.removeItem(at: saved) }
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.since = "1h"
            options.saveEvidence = saved.path
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let report = try await DiagnoseRun(options: options).run()
            // Offline replay from the saved directory: no AWS at all, the same causes.
            var offline = DiagnoseRun.Options(loadBalancer: "")
            offline.evidence = saved.path
            offline.awsEnvironment = AWSEnvironment(variables: [:], homeDirectory: "/nonexistent")
            let replay = try await DiagnoseRun(options: offline).run()
            #expect(replay.causes == report.causes)
            #expect(replay.accessLogs?.elb502 == 50)
            #expect(replay.gathered.contains("offline: evidence saved in \(saved.path)"))
            #expect(FileManager.default.fileExists(atPath: saved.appendingPathComponent("evidence.json").path))
            let json = try await Self.render(report)
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-refused-connection", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.8)
            #expect(top["count"] as? Int == 50)
            #expect(Self.sources(top).isSuperset(of: ["access-log", "metric"]))
            let metricEvidence = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "metric"
            }
            #expect((JSONDetails.strings(metricEvidence?["details"]))?["total"] == "50")
            let healthy = Self.details(top) { $0["metric"] == "HealthyHostCount" }
            #expect(healthy?["minimum"] == "2" && healthy?["highest"] == "3" && healthy?["target_group"] == "app")
            #expect(healthy?["minutes_low"] == String(failedPerMinute.count))
            let comparisons = json["logs_vs_metrics"] as? [[String: Any]] ?? []
            let elb = comparisons.first { $0["metric"] as? String == "HTTPCode_ELB_502_Count" }
            #expect(elb?["logs"] as? Int == 50 && elb?["metrics"] as? Int == 50 && elb?["agrees"] as? Bool == true)
            #expect((json["missing_evidence"] as? [Any])?.isEmpty == true, "\(json["missing_evidence"] ?? "")")
            let attribution = json["source_attribution"] as? [String: Any]
            #expect(attribution?["elb_502"] as? Int == 50 && attribution?["target_5xx"] as? Int == 0)
            #expect(
                (attribution?["without_data_points"] as? [String])?.contains("HTTPCode_Target_5XX_Count") == true
            )
            #expect(trail.requests.count == 3, "one LookupEvents per event name")
        }
    }

    /// One HTTPS target (port 8443) fails every TLS handshake after a bad deploy: not-dispatched 502s on it in the
    /// logs, TargetTLSNegotiationErrorCount in the metrics, an HTTPS target group → target-tls-handshake-failed.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func tlsHandshakeToAnHTTPSTarget() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await Self.withFixture(targetProtocol: "HTTPS", port: 8443) { fixture in
            // 10.0.2.12 fails every handshake for the last 10 minutes.
            let failed = try await fixture.uploadNotDispatched(count: 240, port: 8443) { i, _ in i % 3 == 2 && i >= 120
            }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))
            try await fixture.putMetric("TargetTLSNegotiationErrorCount", points: DiagnoseFixture.points(failed))
            let causes = Self.causes(try await fixture.diagnose(trail: trail))
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-tls-handshake-failed", "\(Self.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.9)
            #expect(top["count"] as? Int == 40)
            #expect(Self.sources(top) == ["access-log", "metric", "configuration"])
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            #expect((JSONDetails.strings(config?["details"]))?["target_groups"] == "app")
            let refused = causes.first { $0["id"] as? String == "target-refused-connection" }
            #expect(refused == nil || (refused?["confidence"] as? Double ?? 1) < (top["confidence"] as? Double ?? 0))
        }
    }

    /// Rare no-valid-response 502s answered within milliseconds, spread over every target, no connection error:
    /// keep-alive, raised by the metrics and given the load balancer's own idle timeout in the fix.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func keepAliveShorterThanTheIdleTimeout() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await Self.withFixture(idle: 75) { fixture in
            let base = DiagnoseFixture.base()
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<1200 {
                let t = base * 1_000_000 + Int64(i) * 1_250_000
                let target = DiagnoseFixture.targets[i % 3] + ":8080"
                if i % 97 == 5 {  // about 1 % of the requests, on every target
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
                    failed[DiagnoseFixture.minute(t), default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target, path: "/api/orders/\(i)"))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))
            let causes = Self.causes(try await fixture.diagnose(trail: trail, since: "45m"))
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-keepalive-timeout", "\(Self.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.8)
            #expect(top["count"] as? Int == failed.values.reduce(0, +))
            #expect((top["fix"] as? [String])?.first?.contains("75 s idle timeout (e.g. 80 s)") == true)
            let metric = (top["evidence"] as? [[String: Any]] ?? []).first { $0["source"] as? String == "metric" }
            #expect((JSONDetails.strings(metric?["details"]))?["metric"] == "TargetConnectionErrorCount")
        }
    }

    /// A network ACL on subnet 10.0.1.0/24 denies port 8080 from the load balancer's subnets: not-dispatched 502s on
    /// both targets of that subnet in the logs, TargetConnectionErrorCount in the metrics, and the ACL rule named.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func unreachableBehindANetworkACL() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await Self.withFixture { fixture in
            let acl = try await fixture.denyPort8080OnFirstSubnet()
            let base = DiagnoseFixture.base()
            // The subnet is cut off for the last 12.5 minutes.
            let failed = try await fixture.uploadNotDispatched(base: base) { i, target in
                i >= 150 && target.hasPrefix("10.0.1.")
            }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))
            try await fixture.putMetric("TargetConnectionErrorCount", points: DiagnoseFixture.points(failed))
            let causes = Self.causes(try await fixture.diagnose(trail: trail))
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-unreachable", "\(Self.ids(causes))")
            #expect((top["confidence"] as? Double ?? 0) >= 0.92)
            #expect(top["count"] as? Int == 100)
            #expect(Self.sources(top) == ["access-log", "metric", "configuration"])
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            let details = JSONDetails.strings(config?["details"])
            #expect(details?["network_acl"] == acl)
            #expect(details?["rule"] == "inbound rule 90: deny tcp 8080-8080 from 10.0.0.0/16")
            #expect(details?["targets"] == "10.0.1.10:8080,10.0.1.11:8080")
            #expect((top["fix"] as? [String])?.first?.contains("network ACL of \(fixture.subnetIDs[0])") == true)
        }
    }

    /// Access logs disabled, no CloudTrail record: the report says the logs are missing and why, and the metrics
    /// alone (ELB 502s without connection or TLS errors) point to keep-alive with the load balancer's idle timeout,
    /// at a low confidence that says the logs would be needed to separate it from a malformed response.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func logsDisabledMetricsAlone() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await Self.withFixture(idle: 120, delay: 30, logs: false) { fixture in
            let base = Int(Date().timeIntervalSince1970) / 60 * 60 - 20 * 60
            try await fixture.putMetric(
                "HTTPCode_ELB_502_Count",
                points: [(base, 2), (base + 300, 1), (base + 600, 3)]
            )
            try await fixture.putMetric("RequestCount", points: [(base, 900)])
            let json = try await fixture.diagnose(trail: trail)
            let top = try #require(Self.causes(json).first)
            #expect(top["id"] as? String == "target-keepalive-timeout")
            #expect(top["count"] as? Int == 6)
            #expect((top["confidence"] as? Double ?? 1) < 0.5)
            #expect(
                Set(top["alternatives"] as? [String] ?? []) == ["target-malformed-response", "target-deregistered"]
            )
            let idle = (top["evidence"] as? [[String: Any]] ?? []).compactMap { JSONDetails.strings($0["details"]) }
                .first { $0["idle_timeout_seconds"] != nil }
            #expect(idle?["idle_timeout_seconds"] == "120")
            let missing = json["missing_evidence"] as? [[String: Any]] ?? []
            #expect(missing.count == 1)
            #expect(missing.first?["source"] as? String == "access-log")
            #expect((missing.first?["reason"] as? String)?.contains("access logs are disabled on web") == true)
            #expect(json["access_logs"] == nil)
            #expect((json["logs_vs_metrics"] as? [Any])?.isEmpty == true)
        }
    }

    /// Every API refused (a loopback stand-in answering AccessDenied in each protocol, as an account without the
    /// policy would): the report still comes, lists each missing evidence with the IAM action, and finds no cause.
    @Test func everythingRefusedStillReports() async throws {
        let denied = try await LoopbackJSONServer.start { request in
            if (request.header("Content-Type") ?? "").contains("json") {
                return .json(
                    #"{"__type": "com.amazon.coral.service#AccessDeniedException", "message": "User: arn:aws:iam::123456789012:user/oncall is not authorized to perform this action"}"#,
                    status: 400
                )
            }
            return LoopbackJSONServer.Response(
                status: 403,
                headers: [("Content-Type", "text/xml")],
                body: Array(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/oncall is not authorized to perform this action</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
                        .utf8
                )
            )
        }
        defer { Task { await denied.stop() } }
        var options = DiagnoseRun.Options(
            loadBalancer: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
        )
        options.awsEnvironment = DiagnoseFixture.environment(endpoint: denied.endpoint)
        let report = try await DiagnoseRun(options: options).run()
        let json = try await Self.render(report)
        #expect(json["load_balancer"] as? String == "web")
        #expect(Self.causes(json).isEmpty)
        let missing = json["missing_evidence"] as? [[String: Any]] ?? []
        let actions = Set(missing.compactMap { $0["iam_action"] as? String })
        #expect(
            actions.isSuperset(of: [
                "elasticloadbalancing:DescribeLoadBalancers", "cloudwatch:GetMetricData", "cloudtrail:LookupEvents",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
            ]),
            "\(missing)"
        )
        #expect(
            Set(missing.compactMap { $0["source"] as? String }) == [
                "configuration", "metric", "cloudtrail", "access-log",
            ]
        )
        #expect(missing.allSatisfy { !(($0["impact"] as? String) ?? "").isEmpty })
        let text = try TextReportRenderer(colors: false).render(report)
        #expect(text.contains("Missing evidence"))
        #expect(text.contains("Grant cloudwatch:GetMetricData"))
        #expect(!text.contains(DiagnoseFixture.secretKey))
    }
}
