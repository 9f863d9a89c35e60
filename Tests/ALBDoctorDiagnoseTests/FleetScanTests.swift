import ALBDiagnosis
import ALBDoctor
import ALBReport
import AWSClients
import Foundation
import TestSupport
import Testing

/// `alb-doctor scan` against moto: a fleet built by `Scripts/make-fleet.py` (boto3) with put metric data.
@Suite struct FleetScanTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One load balancer the script made.
    struct Made: Decodable {
        var name: String
        var region: String
        var pattern: String
        var errors: Int
    }

    /// Runs `Scripts/make-fleet.py` against `endpoint`; returns what it made.
    static func makeFleet(endpoint: String, regions: [String], perRegion: Int, now: Date) async throws -> [Made] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", repository.appendingPathComponent("Scripts/make-fleet.py").path, "--endpoint", endpoint]
            + regions.flatMap { ["--region", $0] }
            + ["--per-region", String(perRegion), "--now", ISO8601DateFormatter().string(from: now)]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        async let data = ProcessExit.drain(output)
        try await ProcessExit.run(process)
        let text = String(decoding: await data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Made.self, from: Data($0.utf8)) }
    }

    static func options(endpoint: String, regions: [String], now: Date) -> FleetScan.Options {
        var options = FleetScan.Options()
        options.regions = regions
        options.since = "1h"
        options.now = now
        options.awsEnvironment = DiagnoseFixture.environment(endpoint: endpoint, overrides: ["AWS_MAX_ATTEMPTS": "3"])
        options.retry = AWSRetryPolicy(maxAttempts: 3, baseDelay: 0.05)
        return options
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func sixtyLoadBalancersInTwoRegionsRankedInTheFewestCalls() async throws {
        try await withMotoServer { endpoint in
            let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            let made = try await Self.makeFleet(
                endpoint: endpoint,
                regions: ["us-east-1", "eu-west-1"],
                perRegion: 30,
                now: now
            )
            #expect(made.count == 60)
            let clock = ContinuousClock.now
            let report = try await FleetScan(
                options: Self.options(endpoint: endpoint, regions: ["us-east-1", "eu-west-1"], now: now)
            )
            .run()
            let took = ContinuousClock.now - clock
            #expect(report.loadBalancers.count == 60)
            #expect(report.regions.map(\.status) == [.scanned, .scanned])

            // Batching: per region 30 load balancers × 10 metrics + 30 target groups × 2 = 360 queries, one
            // GetMetricData call each (≤ 500); one DescribeLoadBalancers page (moto pages at 50) and one
            // DescribeTargetGroups per region; no DescribeTags without --tag.
            #expect(report.metricsRequested == 720)
            #expect(report.getMetricDataCalls == 2)
            #expect(report.calls["elasticloadbalancing:DescribeLoadBalancers"]?.requests == 2)
            #expect(report.calls["elasticloadbalancing:DescribeTargetGroups"]?.requests == 2)
            #expect(report.calls["elasticloadbalancing:DescribeTags"] == nil)
            #expect(report.totalCalls == 6)
            #expect(report.retries == 0)
            #expect(abs(report.cloudWatchCost - 0.0072) < 1e-9)

            // Ranking: errors first (the script puts more on lower numbers), the quiet ones last.
            let errors = report.loadBalancers.map(\.verdict.errors)
            #expect(errors == errors.sorted(by: >))
            let bad = made.filter { $0.errors > 0 }
            #expect(report.loadBalancers.filter(\.worthALook).count == bad.count)
            #expect(Set(report.loadBalancers.prefix(bad.count).map(\.name)) == Set(bad.map(\.name)))
            let expectedTop = bad.max { a, b in a.errors < b.errors || (a.errors == b.errors && a.region > b.region) }
            #expect(report.loadBalancers.first?.name == expectedTop?.name)

            // Verdicts: each pattern's cause family, low confidence, and the diagnose command.
            let expected: [String: Set<CauseID>] = [
                "connection": [.targetRefusedConnection, .targetUnreachable],
                "tls": [.targetTLSHandshakeFailed],
                "timeout": [.targetResponseTimeout],
                "no-healthy-host": [.noRegisteredTargets],
                "application": [.targetApplication502, .targetApplicationError],
            ]
            for item in made {
                let scanned = try #require(report.loadBalancers.first { $0.name == item.name })
                #expect(scanned.region == item.region)
                guard let families = expected[item.pattern] else {
                    #expect(!scanned.worthALook, "\(item.name)")
                    continue
                }
                let top = try #require(scanned.verdict.findings.first, "\(item.name)")
                #expect(families.contains(top.id), "\(item.name): \(top.id)")
                #expect(top.confidence <= MetricsVerdict.ceiling)
                #expect(
                    scanned.diagnoseCommand
                        == "alb-doctor diagnose --load-balancer \(item.name) --region \(item.region) --since 1h"
                )
                #expect(scanned.perPeriod.reduce(0, +) == scanned.verdict.errors)
            }
            let connection = try #require(report.loadBalancers.first { $0.name == "shop-us-east-1-00" })
            #expect(connection.verdict.attribution?.elb502 == connection.total("HTTPCode_ELB_502_Count"))
            #expect(connection.verdict.summary.contains("the load balancer generated them"))
            let application = try #require(report.loadBalancers.first { $0.name == "shop-us-east-1-04" })
            #expect(application.verdict.summary.contains("the targets answered them"))

            // Every format renders; the JSON matches its schema.
            let text = try TextReportRenderer().render(report)
            #expect(text.contains("API calls"))
            #expect(
                text.contains("alb-doctor diagnose --load-balancer shop-us-east-1-00 --region us-east-1 --since 1h")
            )
            _ = try MarkdownReportRenderer().render(report)
            _ = try HTMLReportRenderer().render(report)
            let json = try JSONReportRenderer().render(report)
            if let problems = try await JSONSchemaCheck.errors(json, schema: "scan-report.schema.json") {
                #expect(problems.isEmpty, "\(problems)")
            }
            print(
                "scan of 60 load balancers in 2 regions: \(took), \(report.totalCalls) API calls "
                    + "(\(report.getMetricDataCalls) GetMetricData, \(report.metricsRequested) metrics, "
                    + "US$ \(report.cloudWatchCost))"
            )
        }
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func deniedRegionIsNamedAndThrottledCallIsRetried() async throws {
        try await withMotoServer { endpoint in
            let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            _ = try await Self.makeFleet(endpoint: endpoint, regions: ["us-west-2"], perRegion: 3, now: now)
            let throttled = ThrottleOnce()
            // Stands in for CloudWatch GetMetricData in us-west-2: moto never throttles. It answers the first call
            // with `Throttling` (HTTP 400, CloudWatch's JSON error shape), then every query with one data point of
            // 7 at the window's last minute.
            try await withLoopbackJSONServer({ request in
                if throttled.first() {
                    return .json(
                        #"{"__type": "com.amazon.coral.availability#Throttling", "message": "Rate exceeded"}"#,
                        status: 400,
                        headers: [("x-amzn-query-error", "Throttling;Sender")]
                    )
                }
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
                let queries = body?["MetricDataQueries"] as? [[String: Any]] ?? []
                let minute = Int(now.timeIntervalSince1970) - 60
                let results = queries.compactMap { $0["Id"] as? String }.map {
                    #"{"Id": "\#($0)", "Label": "x", "Timestamps": [\#(minute)], "Values": [7.0], "StatusCode": "Complete"}"#
                }
                return .json(#"{"MetricDataResults": [\#(results.joined(separator: ","))]}"#)
            }) { cloudWatch in
                // Stands in for every service of ap-south-1: an account whose policy denies that region answers
                // DescribeLoadBalancers with AccessDenied (HTTP 403, the Query error shape); moto has no IAM.
                try await withLoopbackJSONServer({ _ in
                    LoopbackJSONServer.Response(
                        status: 403,
                        headers: [("Content-Type", "text/xml")],
                        body: Array(
                            """
                            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ops is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers with an explicit deny in a service control policy</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
                            """.utf8
                        )
                    )
                }) { denied in
                    var options = Self.options(endpoint: endpoint, regions: ["us-west-2", "ap-south-1"], now: now)
                    options.regionEndpoints = [
                        "us-west-2": AWSEndpointResolver(
                            environment: [
                                "AWS_ENDPOINT_URL": endpoint, "AWS_ENDPOINT_URL_CLOUDWATCH": cloudWatch.endpoint,
                            ]
                        ),
                        "ap-south-1": AWSEndpointResolver(commandLineOverride: denied.endpoint),
                    ]
                    let report = try await FleetScan(options: options).run()
                    #expect(report.regions.map(\.region) == ["us-west-2", "ap-south-1"])
                    #expect(report.regions.map(\.status) == [.scanned, .accessDenied])
                    #expect(report.regions[1].message?.contains("AccessDenied") == true)
                    #expect(report.loadBalancers.count == 3)
                    #expect(report.loadBalancers.allSatisfy { $0.region == "us-west-2" })
                    // The throttled call was sent again, and its answer used: 7 per 5xx metric.
                    #expect(cloudWatch.requests.count == 2)
                    #expect(report.getMetricDataCalls == 2)
                    #expect(report.retries == 1)
                    #expect(report.loadBalancers.allSatisfy { $0.total("HTTPCode_ELB_502_Count") == 7 })
                    let text = try TextReportRenderer().render(report)
                    #expect(text.contains("Regions not scanned"))
                    #expect(text.contains("ap-south-1: access-denied"))
                }
            }
        }
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func tagFilterReadsTagsTwentyARNsPerCall() async throws {
        try await withMotoServer { endpoint in
            let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            let made = try await Self.makeFleet(endpoint: endpoint, regions: ["us-east-1"], perRegion: 25, now: now)
            var options = Self.options(endpoint: endpoint, regions: ["us-east-1"], now: now)
            options.tags = [(key: "team", value: "shop")]
            let report = try await FleetScan(options: options).run()
            // 25 ARNs: two DescribeTags calls (20 + 5); the even-numbered ones are team=shop.
            #expect(report.calls["elasticloadbalancing:DescribeTags"]?.requests == 2)
            #expect(report.loadBalancers.count == made.count / 2 + 1)
            #expect(report.loadBalancers.allSatisfy { $0.tags["team"] == "shop" })
        }
    }
}

/// True exactly once.
final class ThrottleOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
