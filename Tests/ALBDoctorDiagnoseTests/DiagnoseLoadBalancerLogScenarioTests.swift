import ALBAccessLog
import ALBDiagnosis
import ALBDoctor
import ALBReport
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` reads the health-check and connection logs where the load balancer's attributes
/// (`health_check_logs.s3.*`, `connection_logs.s3.*`) say they are, and joins them with the access logs.
///
/// moto 5.2.1 stores `connection_logs.s3.enabled|bucket|prefix` and `health_check_logs.s3.enabled`, but rejects
/// `health_check_logs.s3.bucket` and `health_check_logs.s3.prefix` (`InvalidConfigurationRequest: Key … not
/// valid`: they are missing from its `VALID_ATTRS`). A loopback stand-in therefore sits in front of the ELBv2 API:
/// it passes every call on to moto unchanged and adds those two keys to moto's own `DescribeLoadBalancerAttributes`
/// answer — it replaces nothing but the two attributes moto cannot hold.
@Suite struct DiagnoseLoadBalancerLogScenarioTests {
    static let account = "123456789012"

    /// `ModifyLoadBalancerAttributes` on the fixture's load balancer.
    static func setAttributes(_ fixture: DiagnoseFixture, _ attributes: [(String, String)]) async throws {
        var parameters = [("LoadBalancerArn", fixture.loadBalancerARN)]
        for (i, (key, value)) in attributes.enumerated() {
            parameters += [("Attributes.member.\(i + 1).Key", key), ("Attributes.member.\(i + 1).Value", value)]
        }
        _ = try await ELBv2Client(core: fixture.core).call("ModifyLoadBalancerAttributes", parameters)
    }

    /// Uploads `lines` as one object named like AWS names `type`'s objects (`health_check_log_…`, `conn_log_…`),
    /// under the access logs' prefix `alb`, ending at `end` (epoch seconds).
    static func upload(_ lines: [String], type: String, end: Int64, fixture: DiagnoseFixture) async throws {
        let id = fixture.loadBalancerDimension.split(separator: "/").last.map(String.init) ?? "x"
        let key =
            "alb/AWSLogs/\(account)/elasticloadbalancing/us-east-1/\(UTCStamp.dayPath(seconds: end))/\(type)_\(account)_elasticloadbalancing_us-east-1_app.web.\(id)_\(UTCStamp.compact(seconds: end))_10.0.0.5_test.log"
        try await fixture.s3(
            "PUT",
            S3Client.keyPath(key),
            body: Array((lines.joined(separator: "\n") + "\n").utf8),
            bucket: DiagnoseFixture.bucket
        )
    }

    /// Health checks every 30 s of the three targets in each of `minutes` (epoch seconds of minute starts):
    /// `failing` FAILs with `ConnectionReset` (no status code), the others PASS with 200.
    static func healthChecks(minutes: [Int], failing: String) -> [String] {
        var lines: [String] = []
        for minute in minutes {
            for offset in [10, 40] {
                for target in DiagnoseFixture.targets.map({ "\($0):8080" }) {
                    let time = LogTimestamp(microsecondsSinceEpoch: Int64(minute + offset) * 1_000_000).description
                    lines.append(
                        target == failing
                            ? "http \(time) 0.000412000 \(target) app FAIL - ConnectionReset"
                            : "http \(time) 0.002100000 \(target) app PASS 200 -"
                    )
                }
            }
        }
        return lines
    }

    /// Refused 502s on 10.0.1.11 whose minutes hold its health checks FAILing with `ConnectionReset`: with the
    /// health-check log's location known, `target-refused-connection` carries the health-check evidence and a higher
    /// confidence than the same diagnosis without it; the connection log (set in moto itself) is read as well.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func healthCheckFailuresConfirmRefusedConnections() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 60, delay: 30)
            try await Self.setAttributes(
                fixture,
                [
                    ("health_check_logs.s3.enabled", "true"),
                    ("connection_logs.s3.enabled", "true"), ("connection_logs.s3.bucket", DiagnoseFixture.bucket),
                    ("connection_logs.s3.prefix", "alb"),
                ]
            )
            let base = DiagnoseFixture.base()
            let failedPerMinute = try await fixture.uploadNotDispatched(base: base) { i, _ in i % 3 == 1 && i % 2 == 1 }
            let points = DiagnoseFixture.points(failedPerMinute)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            try await fixture.putMetric("TargetConnectionErrorCount", points: points)
            try await Self.upload(
                Self.healthChecks(minutes: failedPerMinute.keys.sorted(), failing: "10.0.1.11:8080"),
                type: "health_check_log",
                end: base + 1800,
                fixture: fixture
            )
            let connectionTime = LogTimestamp(microsecondsSinceEpoch: (base + 60) * 1_000_000).description
            try await Self.upload(
                [
                    "\(connectionTime) 198.51.100.20 51000 80 - - - \"-\" - - - TID_130e8fbb7b16ce20dd12ea549f200a91",
                    "\(connectionTime) 198.51.100.21 51001 80 - - - \"-\" - - - TID_7a2127778c8ee11734a9a72aae04cb74",
                ],
                type: "conn_log",
                end: base + 1800,
                fixture: fixture
            )

            // Straight to moto: health-check logs enabled, but moto cannot hold their bucket.
            let withoutBucket = try await fixture.diagnose(trail: trail, since: "1h")
            let missing = withoutBucket["missing_evidence"] as? [[String: Any]] ?? []
            let healthMissing = missing.first { $0["source"] as? String == "health-check-log" }
            #expect(
                (healthMissing?["reason"] as? String)?.contains("health_check_logs.s3.bucket is empty") == true,
                "\(missing)"
            )
            let refusedBefore = try #require(
                DiagnoseScenarioTests.causes(withoutBucket).first { $0["id"] as? String == "target-refused-connection" }
            )
            #expect(!DiagnoseScenarioTests.sources(refusedBefore).contains("health-check-log"))

            let standIn = try await LoopbackJSONServer.start(async: { request in
                var response = await LoopbackJSONServer.forward(request, to: endpoint)
                guard request.bodyText.contains("Action=DescribeLoadBalancerAttributes"), response.status == 200 else {
                    return response
                }
                let added =
                    "<member><Key>health_check_logs.s3.bucket</Key><Value>\(DiagnoseFixture.bucket)</Value></member><member><Key>health_check_logs.s3.prefix</Key><Value>alb</Value></member></Attributes>"
                response.body = Array(
                    String(decoding: response.body, as: UTF8.self)
                        .replacingOccurrences(of: "</Attributes>", with: added).utf8
                )
                return response
            })
            defer { Task { await standIn.stop() } }
            let saved = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-hc-\(UUID())")
            defer { try? FileManager.default.removeItem(at: saved) }
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.since = "1h"
            options.saveEvidence = saved.path
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: [
                    "AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint,
                    "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": standIn.endpoint,
                ]
            )
            let report = try await DiagnoseRun(options: options).run()
            let json = try await DiagnoseScenarioTests.render(report)
            let text = try TextReportRenderer().render(report)
            #expect(text.contains("  health-check logs  s3://\(DiagnoseFixture.bucket)/alb"), "\(text.prefix(3000))")
            #expect(text.contains("  connection logs    s3://\(DiagnoseFixture.bucket)/alb"))
            // The saved bundle holds the health-check and connection logs beside the access logs, and the offline
            // replay makes the same join from the copies.
            let savedNames = try FileManager.default.contentsOfDirectory(
                atPath: saved.appendingPathComponent("logs").path
            )
            #expect(savedNames.filter { $0.hasPrefix("health_check_log_") }.count == 1, "\(savedNames)")
            #expect(savedNames.filter { $0.hasPrefix("conn_log_") }.count == 1, "\(savedNames)")
            var offline = DiagnoseRun.Options(loadBalancer: "")
            offline.evidence = saved.path
            offline.awsEnvironment = AWSEnvironment(variables: [:], homeDirectory: "/nonexistent")
            let replay = try await DiagnoseRun(options: offline).run()
            #expect(replay.causes == report.causes)
            #expect(standIn.requests.contains { $0.bodyText.contains("Action=DescribeLoadBalancerAttributes") })
            let causes = DiagnoseScenarioTests.causes(json)
            let refused = try #require(causes.first { $0["id"] as? String == "target-refused-connection" })
            #expect(
                causes.first?["id"] as? String == "target-refused-connection",
                "\(DiagnoseScenarioTests.ids(causes))"
            )
            let before = refusedBefore["confidence"] as? Double ?? 1
            let after = refused["confidence"] as? Double ?? 0
            #expect(after > before, "confidence \(before) without the health-check log, \(after) with it")
            let checks = try #require(
                DiagnoseScenarioTests.details(refused) { $0["reasons"] == "ConnectionReset" },
                "\(refused["evidence"] ?? "")"
            )
            #expect(checks["target"] == "10.0.1.11:8080" && checks["target_group"] == "app")
            #expect(checks["failed_checks"] == String(2 * failedPerMinute.count))
            #expect(checks["passed_checks"] == "0")
            #expect(DiagnoseScenarioTests.evidence(refused, from: "health-check-log").count == 1)
            let stillMissing = json["missing_evidence"] as? [[String: Any]] ?? []
            #expect(
                !stillMissing.contains { ["health-check-log", "connection-log"].contains($0["source"] as? String) }
            )
            let gathered = json["gathered"] as? [String] ?? []
            #expect(
                gathered.contains("health-check logs: \(6 * failedPerMinute.count) records from 1 file"),
                "\(gathered)"
            )
            #expect(gathered.contains("connection logs: 2 records from 1 file"), "\(gathered)")
            let accessLogs = json["access_logs"] as? [String: Any]
            let other = accessLogs?["other_logs"] as? [[String: Any]] ?? []
            #expect(other.map { $0["type"] as? String } == ["health-check", "connection"], "\(other)")
            let loadBalancer = (json["configuration"] as? [String: Any])?["load_balancer"] as? [String: Any]
            let destination = loadBalancer?["health_check_logs"] as? [String: Any]
            #expect(
                destination?["enabled"] as? Bool == true && destination?["bucket"] as? String == DiagnoseFixture.bucket
            )
        }
    }

    /// Both types switched off: each is missing evidence naming the attribute that enables it, and the refused
    /// cause rests on the access logs alone.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func disabledLogTypesAreMissingEvidence() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(idle: 60, delay: 30)
            try await Self.setAttributes(
                fixture,
                [("health_check_logs.s3.enabled", "false"), ("connection_logs.s3.enabled", "false")]
            )
            let base = DiagnoseFixture.base()
            try await fixture.uploadNotDispatched(base: base) { i, _ in i % 3 == 1 && i % 2 == 1 }
            // Health checks in the bucket are not read: the attribute says the load balancer does not write them.
            try await Self.upload(
                Self.healthChecks(minutes: [Int(base) + 60], failing: "10.0.1.11:8080"),
                type: "health_check_log",
                end: base + 1800,
                fixture: fixture
            )
            let json = try await fixture.diagnose(trail: trail, since: "1h")
            let missing = json["missing_evidence"] as? [[String: Any]] ?? []
            for (source, attribute) in [
                ("health-check-log", "health_check_logs"), ("connection-log", "connection_logs"),
            ] {
                let entry = missing.first { $0["source"] as? String == source }
                #expect(
                    (entry?["reason"] as? String)?.contains("(\(attribute).s3.enabled is false)") == true,
                    "\(missing)"
                )
                #expect((entry?["impact"] as? String)?.contains("\(attribute).s3.enabled=true") == true)
                #expect(entry?["iam_action"] == nil)
            }
            let refused = try #require(
                DiagnoseScenarioTests.causes(json).first { $0["id"] as? String == "target-refused-connection" }
            )
            #expect(DiagnoseScenarioTests.sources(refused) == ["access-log", "metric"])
            #expect((json["access_logs"] as? [String: Any])?["other_logs"] == nil)
        }
    }
}
