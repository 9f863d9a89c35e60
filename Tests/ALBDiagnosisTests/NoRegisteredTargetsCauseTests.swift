import ALBDiagnosis
import Testing

/// `no-registered-targets` (503) against the health-check log: an empty target group has nothing to check; a group
/// whose targets were checked in the minutes of its 503s was not empty (and with every check failing the load
/// balancer fails open rather than answering 503).
@Suite struct NoRegisteredTargetsCauseTests {
    /// Healthy traffic to `web`, plus 20 503s forwarded to `beta` between 120 s and 215 s (10:02–10:03).
    static var lines: [LogLine] {
        StatusCauseTests.healthy(600)
            + (0..<20).map {
                LogLine(
                    seconds: 120 + Double($0) * 5,
                    target: nil,
                    times: "-1 -1 -1",
                    elbStatus: "503",
                    targetStatus: "-",
                    path: "/beta",
                    group: "beta"
                )
            }
    }

    /// Checks every 30 s over the 10 minutes of `targets` in `group`, FAILing with `TimedOut` when `fail` says so.
    static func checks(_ targets: [String], group: String, fail: Bool = false) -> String {
        var out: [String] = []
        for step in 0..<20 {
            for target in targets {
                out.append(
                    healthCheckLine(target, at: Double(step) * 30, pass: !fail, reason: "TimedOut", group: group)
                )
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func finding(healthChecks: String?) throws -> Finding {
        let text = lines.map(\.text).joined(separator: "\n") + "\n"
        let (logs, _) = InMemoryScan.aggregate(text)
        let context = StatusCauseContext(
            statuses: logs.statuses,
            selection: StatusSelection(codes: [503]),
            loadBalancerLogs: healthChecks.map { LoadBalancerLogs(healthChecks: InMemoryScan.healthChecks($0)) }
        )
        return try #require(StatusCauseRules.findings(context).first { $0.id == .noRegisteredTargets })
    }

    @Test func aGroupNobodyCheckedHadNothingRegistered() throws {
        let before = try Self.finding(healthChecks: nil)
        #expect(before.confidence == 0.8 && before.count == 20)
        let after = try Self.finding(healthChecks: Self.checks(["10.0.1.10:8080"], group: "web"))
        #expect(abs(after.confidence - 0.9) < 1e-9)
        let evidence = try #require(after.evidence.first { $0.source == .healthCheckLog })
        #expect(evidence.details["unchecked_target_groups"] == "beta")
        #expect(evidence.summary.contains("between 2026-01-01T10:02Z and 2026-01-01T10:03Z"))
    }

    @Test func aGroupWhoseTargetsAllFailedWasNotEmpty() throws {
        let hc =
            Self.checks(["10.0.1.10:8080"], group: "web")
            + Self.checks(["10.0.9.1:8080", "10.0.9.2:8080"], group: "beta", fail: true)
        let after = try Self.finding(healthChecks: hc)
        #expect(abs(after.confidence - 0.6) < 1e-9)
        let evidence = try #require(after.evidence.first { $0.source == .healthCheckLog })
        #expect(evidence.details["checked_target_groups"] == "beta")
        #expect(evidence.details["failed_checks"] == "8" && evidence.details["passed_checks"] == "0")
        #expect(evidence.summary.contains("8 × TimedOut"))
        #expect(evidence.summary.contains("fails open"))
    }

    @Test func aGroupWithPassingTargetsWasNotEmptyEither() throws {
        let after = try Self.finding(healthChecks: Self.checks(["10.0.9.1:8080"], group: "beta"))
        #expect(abs(after.confidence - 0.6) < 1e-9)
        let evidence = try #require(after.evidence.first { $0.source == .healthCheckLog })
        #expect(evidence.details["passed_checks"] == "4")
        #expect(!evidence.summary.contains("fails open"))
    }

    @Test func checksOfNoGroupInThoseMinutesChangeNothing() throws {
        // Only checks of another group, all before the 503s: the log does not cover those minutes.
        let early = (0..<4).map { healthCheckLine("10.0.1.10:8080", at: Double($0) * 30, pass: true, group: "web") }
        let after = try Self.finding(healthChecks: early.joined(separator: "\n") + "\n")
        #expect(after.confidence == 0.8)
        #expect(!after.evidence.contains { $0.source == .healthCheckLog })
    }
}
