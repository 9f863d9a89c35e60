import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `watch` on the load balancer `web` in moto (``DiagnoseFixture``), CloudTrail at an empty loopback stand-in (moto
/// does not answer `LookupEvents` with events; the same stand-in as the diagnose scenarios). Access-log objects and
/// metric points are added between refreshes; every AWS request is counted (``AWSCallLog``).
@Suite(.serialized) struct LoadBalancerWatchTests {
    /// `count` requests one every `every` seconds from `base` (epoch seconds), round-robin over the three
    /// targets; those `fails` picks are not-dispatched 502s (connection refused).
    static func lines(
        _ fixture: DiagnoseFixture,
        base: Int64,
        count: Int,
        every: Int64 = 5,
        fails: (Int, String) -> Bool
    ) -> [String] {
        (0..<count).map { i in
            let t = base * 1_000_000 + Int64(i) * every * 1_000_000
            let target = DiagnoseFixture.targets[i % DiagnoseFixture.targets.count] + ":8080"
            return fails(i, target)
                ? fixture.line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-")
                : fixture.line(at: t, target: target)
        }
    }

    static func options(endpoint: String, trail: LoopbackJSONServer, log: AWSCallLog) -> LoadBalancerWatch.Options {
        var options = LoadBalancerWatch.Options(loadBalancer: "web")
        options.diagnose.since = "40m"
        options.diagnose.awsEnvironment = DiagnoseFixture.environment(
            endpoint: endpoint,
            overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
        )
        options.callLog = log
        return options
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Three refreshes: the first reads the object already there, the second only the object added after it (and
    /// the metric point put meanwhile), the third nothing; the change lines say the refused connections faded and
    /// the target recovered; the final report is `diagnose --start --end` over the same window, byte for byte.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func eachRefreshReadsOnlyWhatIsNewAndEndsWithTheDiagnoseReport() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let base = DiagnoseFixture.base(minutesAgo: 30)
            // Object A (minutes 30-20 ago): 10.0.1.11 refuses every connection.
            try await fixture.uploadLog(
                Self.lines(fixture, base: base, count: 120) { _, target in target.hasPrefix("10.0.1.11:") },
                end: base + 600
            )
            let failedMinutes = (0..<10).map { (Int(base) + 60 * $0, 4.0) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: failedMinutes)
            try await fixture.putMetric("HTTPCode_ELB_5XX_Count", points: failedMinutes)
            try await fixture.putMetric("TargetConnectionErrorCount", points: failedMinutes)

            let log = AWSCallLog()
            let watch = LoadBalancerWatch(options: Self.options(endpoint: endpoint, trail: trail, log: log))
            var state = try await watch.start(at: Date())
            let first = await watch.refresh(&state, at: Date())
            #expect(first.refresh == 1)
            #expect(first.newLogObjects == 1)
            #expect(first.apiCalls["s3:GetObject"] == 1, "\(first.apiCalls)")
            #expect(first.newRequests == 120)
            #expect(first.newErrors == 40)
            #expect(first.failingTargets == ["10.0.1.11:8080": 40])
            #expect(first.causes.first?.id.rawValue == "target-refused-connection")
            #expect(first.causes.first?.change == .present)
            #expect(first.changes.first?.hasPrefix("watching web since ") == true, "\(first.changes)")

            // Object B (minutes 20-10 ago): every target answers; one more metric point in the minute read again.
            try await fixture.uploadLog(
                Self.lines(fixture, base: base + 600, count: 120) { _, _ in false },
                end: base + 1200
            )
            let minute = Int(state.end.timeIntervalSince1970) / 60 * 60
            try await fixture.putMetric("RequestCount", points: [(minute, 50)])
            let second = await watch.refresh(&state, at: Date())
            #expect(second.newLogObjects == 1)
            #expect(second.apiCalls["s3:GetObject"] == 1, "only the new object is read: \(second.apiCalls)")
            #expect(second.apiCalls["monitoring:GetMetricData"] == 1, "\(second.apiCalls)")
            #expect(second.newMetricPoints >= 1)
            #expect(second.newRequests == 120)
            #expect(second.newErrors == 0)
            #expect(second.totalRequests == 240)
            #expect(second.recoveredTargets == ["10.0.1.11:8080"])
            #expect(second.causes.first?.change == .faded)
            #expect(
                second.changes.contains(
                    "↓ target-refused-connection faded: no new errors since the last refresh (40 in all)"
                ),
                "\(second.changes)"
            )
            #expect(
                second.changes.contains("✓ 10.0.1.11:8080 recovered: requests without a 502 (40 the refresh before)"),
                "\(second.changes)"
            )

            let third = await watch.refresh(&state, at: Date())
            #expect(third.newLogObjects == 0)
            #expect(third.apiCalls["s3:GetObject"] == nil, "nothing new to read: \(third.apiCalls)")
            #expect(third.apiCalls["s3:ListObjectsV2"] == 1, "\(third.apiCalls)")
            #expect(third.causes.first?.change == .unchanged)
            #expect(
                third.changes.contains("no new access-log object (ALB delivers every 5 minutes)"),
                "\(third.changes)"
            )
            #expect(log.requests("GetObject") == 2, "each object read once over the whole watch")

            let final = try await watch.finish(state)
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.start = Self.iso(state.start)
            options.end = Self.iso(state.end)
            options.status = .automatic
            options.awsEnvironment = Self.options(endpoint: endpoint, trail: trail, log: log).diagnose.awsEnvironment
            let diagnosed = try await DiagnoseRun(options: options).run()
            let watched = try JSONReportRenderer().render(final)
            let expected = try JSONReportRenderer().render(diagnosed)
            #expect(watched == expected, "the final report differs from diagnose's over the same window")
            _ = try await DiagnoseScenarioTests.render(final)
        }
    }
}
