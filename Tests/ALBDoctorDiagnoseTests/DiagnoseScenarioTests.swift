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

    static func render(_ report: DiagnoseReport) throws -> [String: Any] {
        let text = try JSONReportRenderer().render(report)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static func causes(_ json: [String: Any]) -> [[String: Any]] { json["causes"] as? [[String: Any]] ?? [] }

    static func sources(_ cause: [String: Any]) -> Set<String> {
        Set((cause["evidence"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String })
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
            let now = Int64(Date().timeIntervalSince1970)
            let base = (now / 60) * 60 - 30 * 60  // 30 minutes ago, on a minute
            var lines: [String] = []
            var failedPerMinute: [Int: Int] = [:]
            for i in 0..<300 {
                let t = Int64(base) * 1_000_000 + Int64(i) * 5_000_000  // one request every 5 s for 25 min
                let target = DiagnoseFixture.targets[i % 3] + ":8080"
                if i % 3 == 1 && i % 2 == 1 {  // 50 of the 100 requests to 10.0.1.11 fail to connect
                    lines.append(fixture.line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-"))
                    failedPerMinute[Int(t / 60_000_000) * 60, default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            let points = failedPerMinute.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", targetGroup: true, points: points)
            try await fixture.putMetric("RequestCount", points: [(Int(base) + 60, 300)])

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
            let json = try Self.render(report)
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-refused-connection", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.8)
            #expect(top["count"] as? Int == 50)
            #expect(Self.sources(top).isSuperset(of: ["access-log", "metric"]))
            let metricEvidence = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "metric"
            }
            #expect((metricEvidence?["details"] as? [String: String])?["total"] == "50")
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

    /// A target is deregistered at T with a 30 s delay; requests still running on it are cut at T + 30 s:
    /// the logs' burst on that target, CloudTrail's DeregisterTargets and the target group's delay line up.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func deregistrationDelayTooShort() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let base = (now / 60) * 60 - 30 * 60
        let deregisteredAt = base + 10 * 60  // T = 20 minutes ago
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 60, delay: 30)
            let record =
                #"{\"eventName\":\"DeregisterTargets\",\"userIdentity\":{\"type\":\"AssumedRole\",\"invokedBy\":\"autoscaling.amazonaws.com\"},\"requestParameters\":{\"targetGroupArn\":\"\#(fixture.targetGroupARN)\",\"targets\":[{\"id\":\"10.0.2.12\",\"port\":8080}]}}"#
            let event =
                #"{"EventId": "e-1", "EventName": "DeregisterTargets", "EventTime": \#(deregisteredAt), "EventSource": "elasticloadbalancing.amazonaws.com", "Username": "deployer", "Resources": [{"ResourceType": "AWS::ElasticLoadBalancingV2::TargetGroup", "ResourceName": "\#(fixture.targetGroupARN)"}], "CloudTrailEvent": "\#(record)"}"#
            let trail = try await Self.cloudTrail(events: [("DeregisterTargets", event)])
            defer { Task { await trail.stop() } }

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

            var options = DiagnoseRun.Options(loadBalancer: fixture.loadBalancerARN)
            options.since = "1h"
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let report = try await DiagnoseRun(options: options).run()
            let json = try Self.render(report)
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-deregistered", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 8)
            #expect(Self.sources(top).isSuperset(of: ["access-log", "cloudtrail"]))
            let trailEvidence = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "cloudtrail"
            }
            let details = trailEvidence?["details"] as? [String: String]
            #expect(details?["target"] == "10.0.2.12:8080")
            #expect(details?["deregistration_delay_seconds"] == "30")
            #expect((trailEvidence?["summary"] as? String)?.contains("by autoscaling.amazonaws.com") == true)
            #expect((top["fix"] as? [String])?.first?.contains("now 30 s") == true)
            let changes = json["target_changes"] as? [[String: Any]] ?? []
            #expect(changes.count == 1 && changes.first?["name"] as? String == "DeregisterTargets")
        }
    }

    /// One HTTPS target (port 8443) fails every TLS handshake after a bad deploy: not-dispatched 502s on it in the
    /// logs, TargetTLSNegotiationErrorCount in the metrics, an HTTPS target group → target-tls-handshake-failed.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func tlsHandshakeToAnHTTPSTarget() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(targetProtocol: "HTTPS", port: 8443)
            let base = Int64(Date().timeIntervalSince1970) / 60 * 60 - 30 * 60
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<240 {
                let t = base * 1_000_000 + Int64(i) * 5_000_000
                let target = DiagnoseFixture.targets[i % 3] + ":8443"
                if i % 3 == 2 && i >= 120 {  // 10.0.2.12 fails every handshake for the last 10 minutes
                    lines.append(fixture.line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-"))
                    failed[Int(t / 60_000_000) * 60, default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            let points = failed.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("TargetTLSNegotiationErrorCount", points: points)
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let json = try Self.render(try await DiagnoseRun(options: options).run())
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-tls-handshake-failed", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.9)
            #expect(top["count"] as? Int == 40)
            #expect(Self.sources(top) == ["access-log", "metric", "configuration"])
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            #expect((config?["details"] as? [String: String])?["target_groups"] == "app")
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
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 75)
            let base = Int64(Date().timeIntervalSince1970) / 60 * 60 - 30 * 60
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
            let json = try Self.render(try await DiagnoseRun(options: options).run())
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-keepalive-timeout", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.8)
            #expect(top["count"] as? Int == failed.values.reduce(0, +))
            #expect((top["fix"] as? [String])?.first?.contains("75 s idle timeout (e.g. 80 s)") == true)
            let metric = (top["evidence"] as? [[String: Any]] ?? []).first { $0["source"] as? String == "metric" }
            #expect((metric?["details"] as? [String: String])?["metric"] == "TargetConnectionErrorCount")
        }
    }

    /// A Lambda target throttled at the account's concurrency quota: LambdaThrottling 502s in the logs, Throttles and
    /// ConcurrentExecutions of the function, the quota from a Service Quotas stand-in (moto 5.2.1 has no Lambda
    /// quotas) → lambda-throttled with all three; the function's configuration is missing (moto has no such
    /// function) and the report says so.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func lambdaThrottledAtTheQuota() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        let quotas = try await LoopbackJSONServer.start { _ in
            .json(
                #"{"Quota": {"ServiceCode": "lambda", "QuotaCode": "L-B99A9384", "QuotaName": "Concurrent executions", "Value": 1000.0}}"#
            )
        }
        defer { Task { await quotas.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let group = try await fixture.addLambdaTargetGroup(function: "orders")
            let base = Int64(Date().timeIntervalSince1970) / 60 * 60 - 30 * 60
            var lines: [String] = []
            var throttled: [Int: Int] = [:]
            for i in 0..<200 {
                let t = base * 1_000_000 + Int64(i) * 5_000_000
                if i >= 100 && i % 4 == 0 {
                    lines.append(
                        fixture.line(
                            at: t,
                            target: "-",
                            times: "0.000 0.001 0.000",
                            elb: 502,
                            targetStatus: "-",
                            errorReason: "LambdaThrottling",
                            targetGroup: group
                        )
                    )
                    throttled[Int(t / 60_000_000) * 60, default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: "-", targetStatus: "200", targetGroup: group))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            let points = throttled.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putLambdaMetric("Throttles", function: "orders", points: points)
            try await fixture.putLambdaMetric(
                "ConcurrentExecutions",
                function: "orders",
                points: [(Int(base) + 600, 1000)]
            )
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: [
                    "AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint, "AWS_ENDPOINT_URL_SERVICE_QUOTAS": quotas.endpoint,
                ]
            )
            let json = try Self.render(try await DiagnoseRun(options: options).run())
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "lambda-throttled", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.95)
            #expect(top["count"] as? Int == 25)
            #expect(Self.sources(top) == ["access-log", "metric", "configuration"])
            let quota = (top["evidence"] as? [[String: Any]] ?? []).first { $0["source"] as? String == "configuration" }
            #expect((quota?["details"] as? [String: String])?["quota"] == "1000")
            #expect((quota?["summary"] as? String)?.contains("at the quota") == true)
            let missing = json["missing_evidence"] as? [[String: Any]] ?? []
            #expect(missing.count == 1, "\(missing)")
            #expect((missing.first?["what"] as? String)?.contains("Lambda function") == true)
            #expect(!causes.contains { $0["id"] as? String == "target-keepalive-timeout" })
        }
    }

    /// A network ACL on subnet 10.0.1.0/24 denies port 8080 from the load balancer's subnets: not-dispatched 502s on
    /// both targets of that subnet in the logs, TargetConnectionErrorCount in the metrics, and the ACL rule named.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func unreachableBehindANetworkACL() async throws {
        let trail = try await Self.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let acl = try await fixture.denyPort8080OnFirstSubnet()
            let base = Int64(Date().timeIntervalSince1970) / 60 * 60 - 30 * 60
            var lines: [String] = []
            var failed: [Int: Int] = [:]
            for i in 0..<300 {
                let t = base * 1_000_000 + Int64(i) * 5_000_000
                let target = DiagnoseFixture.targets[i % 3] + ":8080"
                if i >= 150 && target.hasPrefix("10.0.1.") {  // the subnet is cut off for the last 12.5 minutes
                    lines.append(fixture.line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-"))
                    failed[Int(t / 60_000_000) * 60, default: 0] += 1
                } else {
                    lines.append(fixture.line(at: t, target: target))
                }
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            let points = failed.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", points: points)
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let json = try Self.render(try await DiagnoseRun(options: options).run())
            let causes = Self.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-unreachable", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.92)
            #expect(top["count"] as? Int == 100)
            #expect(Self.sources(top) == ["access-log", "metric", "configuration"])
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            let details = config?["details"] as? [String: String]
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
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 120, delay: 30, logs: false)
            let base = Int(Date().timeIntervalSince1970) / 60 * 60 - 20 * 60
            try await fixture.putMetric(
                "HTTPCode_ELB_502_Count",
                points: [(base, 2), (base + 300, 1), (base + 600, 3)]
            )
            try await fixture.putMetric("RequestCount", points: [(base, 900)])
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let report = try await DiagnoseRun(options: options).run()
            let json = try Self.render(report)
            let top = try #require(Self.causes(json).first)
            #expect(top["id"] as? String == "target-keepalive-timeout")
            #expect(top["count"] as? Int == 6)
            #expect((top["confidence"] as? Double ?? 1) < 0.5)
            #expect(
                Set(top["alternatives"] as? [String] ?? []) == ["target-malformed-response", "target-deregistered"]
            )
            let idle = (top["evidence"] as? [[String: Any]] ?? []).compactMap { $0["details"] as? [String: String] }
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
        let json = try Self.render(report)
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
