import ALBAccessLog
import ALBDiagnosis
import Testing

/// The combined rules that read `HealthyHostCount`, CloudTrail `RegisterTargets` and `ModifyTargetGroupAttributes`,
/// and the connection metrics against a malformed response, on hand-made access logs and plain inputs.
@Suite struct CombinedEvidenceRuleTests {
    /// 2026-11-25T10:00:00Z, on a minute.
    static let base: Int64 = 1_795_600_800
    static let lb = "app/web/50dc6c495c0c9188"
    static let groupARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/73e2d6bc24d8a067"
    static let groupDimension = "targetgroup/app/73e2d6bc24d8a067"

    /// One access-log line at `seconds` after `base`.
    static func line(
        _ seconds: Double,
        target: String,
        times: String = "0.000 0.010 0.000",
        elb: String = "200",
        targetStatus: String = "200",
        path: String = "/api/orders"
    ) -> String {
        let t = UTCTime.iso8601(micros: base * 1_000_000 + Int64(seconds * 1_000_000))
        return
            "http \(t) \(lb) 198.51.100.7:40000 \(target) \(times) \(elb) \(targetStatus) 120 340 \"GET http://web.example.com:80\(path) HTTP/1.1\" \"curl/8.5.0\" - - \(groupARN) \"Root=1-0-0\" \"-\" \"-\" 0 \(t) \"forward\" \"-\" \"-\" \"\(target)\" \"\(targetStatus)\" \"-\" \"-\" TID_0"
    }

    static func diagnosis(_ lines: [String]) -> Diagnosis {
        Diagnosis(logs: InMemoryScan.aggregate(lines.joined(separator: "\n") + "\n").logs)
    }

    static func group(delay: Int? = 30, targets: [String] = ["10.0.1.10", "10.0.1.11", "10.0.2.12"])
        -> TargetGroupSnapshot
    {
        TargetGroupSnapshot(
            name: "app",
            arn: groupARN,
            protocol: "HTTP",
            port: 8080,
            targetType: "ip",
            deregistrationDelaySeconds: delay,
            healthCheckPath: "/health",
            targets: targets.map { .init(id: $0, port: 8080, state: "healthy") }
        )
    }

    static func series(_ name: String, _ points: [(minute: Int64, value: Double)], group: Bool = false) -> MetricSeries
    {
        var dimensions = ["LoadBalancer": lb]
        if group { dimensions["TargetGroup"] = groupDimension }
        return MetricSeries(
            namespace: "AWS/ApplicationELB",
            name: name,
            dimensions: dimensions,
            statistic: name.hasSuffix("HostCount") ? "Minimum" : "Sum",
            points: points.map {
                MetricSeries.Point(time: LogTimestamp(secondsSinceEpoch: base + $0.minute * 60), value: $0.value)
            }
        )
    }

    static func inputs(
        metrics: [MetricSeries]? = nil,
        changes: [TargetChangeEvent]? = nil,
        group: TargetGroupSnapshot = group()
    ) -> EvidenceInputs {
        EvidenceInputs(
            start: LogTimestamp(secondsSinceEpoch: base),
            end: LogTimestamp(secondsSinceEpoch: base + 1800),
            targetGroups: [group],
            metrics: metrics,
            targetChanges: changes
        )
    }

    static func event(
        _ name: String,
        at seconds: Int64,
        by caller: String,
        targets: [String] = [],
        attributes: [String: String] = [:]
    ) -> TargetChangeEvent {
        TargetChangeEvent(
            name: name,
            time: LogTimestamp(secondsSinceEpoch: base + seconds),
            targetGroupARN: groupARN,
            targets: targets.map { .init(id: $0, port: 8080) },
            caller: caller,
            attributes: attributes
        )
    }

    /// 10.0.1.11 refuses every other request for 20 minutes; the rest answer.
    static func refusedLines() -> [String] {
        (0..<240).map { i in
            let target = ["10.0.1.10", "10.0.1.11", "10.0.2.12"][i % 3] + ":8080"
            return i % 3 == 1 && i % 2 == 1
                ? line(Double(i) * 5, target: target, times: "-1 -1 -1", elb: "502", targetStatus: "-")
                : line(Double(i) * 5, target: target)
        }
    }

    // MARK: HealthyHostCount

    @Test func noHealthyTargetInTheMinutesOfTheRefusedConnectionsSaysTheLoadBalancerFailsOpen() {
        let logs = Self.diagnosis(Self.refusedLines())
        let before = logs.findings.first { $0.id == .targetRefusedConnection }
        let metrics = [
            Self.series("HealthyHostCount", [(0, 3), (5, 0), (6, 0), (30, 3)], group: true),
            Self.series("UnHealthyHostCount", [(5, 3)], group: true),
        ]
        let finding = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics)).findings.first {
            $0.id == .targetRefusedConnection
        }
        let healthy = finding?.evidence.first { $0.details["metric"] == "HealthyHostCount" }
        #expect(healthy?.details["minimum"] == "0" && healthy?.details["highest"] == "3")
        #expect(healthy?.details["minutes_low"] == "2")
        #expect(healthy?.summary.contains("fails open") == true)
        #expect(healthy?.summary.contains("503") == true)
        #expect(healthy?.summary.contains("a deregistration also lowers") == false, "UnHealthyHostCount rose")
        #expect((finding?.confidence ?? 0) > (before?.confidence ?? 1))
        #expect(finding?.fix.last?.contains("healthy capacity") == true)
    }

    @Test func healthyTargetsThroughoutAddNothing() {
        let logs = Self.diagnosis(Self.refusedLines())
        let metrics = [Self.series("HealthyHostCount", [(0, 3), (5, 3), (10, 3)], group: true)]
        let finding = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics)).findings.first {
            $0.id == .targetRefusedConnection
        }
        #expect(finding != nil)
        #expect(finding?.evidence.contains { $0.details["metric"] == "HealthyHostCount" } == false)
    }

    @Test func healthChecksFailingWeakenKeepAlive() {
        // Rare fast no-valid-response 502s on every target: the logs' keep-alive pattern.
        var lines: [String] = []
        for i in 0..<1200 {
            let target = ["10.0.1.10", "10.0.1.11", "10.0.2.12"][i % 3] + ":8080"
            lines.append(
                i % 97 == 5
                    ? Self.line(
                        Double(i),
                        target: target,
                        times: "0.000 0.001 -1",
                        elb: "502",
                        targetStatus: "-",
                        path: "/api/orders/\(i)"
                    )
                    : Self.line(Double(i), target: target, path: "/api/orders/\(i)")
            )
        }
        let logs = Self.diagnosis(lines)
        let before = logs.findings.first { $0.id == .targetKeepaliveTimeout }
        #expect(before != nil)
        let metrics = [Self.series("HealthyHostCount", [(0, 3), (1, 2), (2, 2)], group: true)]
        let after = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics)).findings.first {
            $0.id == .targetKeepaliveTimeout
        }
        #expect((after?.confidence ?? 1) < (before?.confidence ?? 0))
        #expect(after?.alternatives.contains(.targetRefusedConnection) == true)
        let drop = after?.evidence.first { $0.details["metric"] == "HealthyHostCount" && $0.details["minimum"] != nil }
        #expect(drop?.details["minimum"] == "2" && drop?.summary.contains("fails open") == false)
        #expect(
            drop?.summary.contains("a deregistration also lowers") == false,
            "no UnHealthyHostCount series was gathered"
        )
    }

    // MARK: RegisterTargets

    /// 10.0.2.13 registered at 600 s: every 4th request from then goes to it; the first 2 minutes are refused.
    static func registrationLines(answeredBefore: Bool = false) -> [String] {
        (0..<300).map { i in
            let t = Double(i) * 5
            if answeredBefore && i == 2 { return line(t, target: "10.0.2.13:8080") }
            guard t >= 600 && i % 4 == 0 else { return line(t, target: ["10.0.1.10", "10.0.1.11"][i % 2] + ":8080") }
            return t < 720
                ? line(t, target: "10.0.2.13:8080", times: "-1 -1 -1", elb: "502", targetStatus: "-")
                : line(t, target: "10.0.2.13:8080")
        }
    }

    @Test func refusedRightAfterRegistrationMeansTrafficBeforeTheApplicationListened() {
        let logs = Self.diagnosis(Self.registrationLines())
        let changes = [Self.event("RegisterTargets", at: 598, by: "deployer", targets: ["10.0.2.13"])]
        let finding = CombinedDiagnosis(logs: logs, inputs: Self.inputs(changes: changes)).findings.first
        #expect(finding?.id == .targetRefusedConnection)
        #expect((finding?.confidence ?? 0) >= 0.85)
        let trail = finding?.evidence.first { $0.source == .cloudtrail }
        #expect(trail?.details["target"] == "10.0.2.13:8080" && trail?.details["count"] == "6")
        #expect(trail?.details["seconds_after_registration"] == "2")
        #expect(trail?.summary.contains("by deployer") == true)
        #expect(trail?.summary.contains("before its first answered request at 2026-11-25T10:12:00Z") == true)
        #expect(finding?.fix.first?.contains("health check of app (path /health)") == true)
        #expect(finding?.fix.contains { $0.contains("slow_start.duration_seconds") } == true)
    }

    @Test func aTargetThatAnsweredBeforeFailingIsNotBlamedOnItsRegistration() {
        let logs = Self.diagnosis(Self.registrationLines(answeredBefore: true))
        let changes = [Self.event("RegisterTargets", at: 598, by: "deployer", targets: ["10.0.2.13"])]
        let findings = CombinedDiagnosis(logs: logs, inputs: Self.inputs(changes: changes)).findings
        #expect(!findings.flatMap(\.evidence).contains { $0.details["event"] == "RegisterTargets" })
    }

    @Test func registrationLongBeforeTheFailuresIsNotTiedToThem() {
        let logs = Self.diagnosis(Self.registrationLines())
        let changes = [Self.event("RegisterTargets", at: 200, by: "deployer", targets: ["10.0.2.13"])]
        let findings = CombinedDiagnosis(logs: logs, inputs: Self.inputs(changes: changes)).findings
        #expect(!findings.flatMap(\.evidence).contains { $0.details["event"] == "RegisterTargets" })
    }

    // MARK: Deregistration delay history

    /// 10.0.2.12 deregistered at 600 s; 8 requests on it cut at 630 s; traffic goes on elsewhere.
    static func deregistrationLines() -> [String] {
        var lines = (0..<300).map { i in
            let t = Double(i) * 5
            let target = ["10.0.1.10", "10.0.1.11", "10.0.2.12"][i % 3]
            return line(t, target: (target == "10.0.2.12" && t >= 600 ? "10.0.1.10" : target) + ":8080")
        }
        for k in 0..<8 {
            lines.append(
                line(
                    630 + Double(k) * 0.04,
                    target: "10.0.2.12:8080",
                    times: "0.000 45.100 -1",
                    elb: "502",
                    targetStatus: "-"
                )
            )
        }
        return lines
    }

    @Test func theDelayInEffectAtTheDeregistrationIsUsedAndItsChangesNamed() {
        let logs = Self.diagnosis(Self.deregistrationLines())
        let key = "deregistration_delay.timeout_seconds"
        let changes = [
            Self.event("ModifyTargetGroupAttributes", at: -300, by: "alice", attributes: [key: "30"]),
            Self.event("DeregisterTargets", at: 600, by: "autoscaling.amazonaws.com", targets: ["10.0.2.12"]),
            Self.event("ModifyTargetGroupAttributes", at: 900, by: "bob", attributes: [key: "300"]),
        ]
        let finding = CombinedDiagnosis(
            logs: logs,
            inputs: Self.inputs(changes: changes, group: Self.group(delay: 300))
        )
        .findings.first
        #expect(finding?.id == .targetDeregistered)
        #expect((finding?.confidence ?? 0) >= 0.95)
        let call = finding?.evidence.first { $0.details["event"] == "DeregisterTargets" }
        #expect(call?.details["deregistration_delay_seconds"] == "30")
        #expect(call?.summary.contains("alice set it to 30 s at 2026-11-25T09:55:00Z") == true)
        let history = finding?.evidence.first { $0.details["attribute"] == key }
        #expect(history?.details["changes"] == "2026-11-25T09:55:00Z alice ?→30; 2026-11-25T10:15:00Z bob 30→300")
        #expect(history?.summary.contains("afterwards bob set it from 30 s to 300 s at 2026-11-25T10:15:00Z") == true)
        #expect(history?.summary.hasSuffix("(now 300 s).") == true)
        #expect(finding?.fix.first?.contains("(30 s at the deregistration, now 300 s)") == true)
    }

    @Test func withTheCurrentDelayAloneTheBurstIsUnexplained() {
        let logs = Self.diagnosis(Self.deregistrationLines())
        let changes = [
            Self.event("DeregisterTargets", at: 600, by: "autoscaling.amazonaws.com", targets: ["10.0.2.12"])
        ]
        let finding = CombinedDiagnosis(
            logs: logs,
            inputs: Self.inputs(changes: changes, group: Self.group(delay: 300))
        )
        .findings.first { $0.id == .targetDeregistered }
        #expect((finding?.confidence ?? 1) < 0.9)
        #expect(finding?.evidence.contains { $0.details["deregister_targets_events"] == "1" } == true)
    }

    @Test func aDelayChangedOnlyAfterwardsIsReadFromTheBurst() {
        let logs = Self.diagnosis(Self.deregistrationLines())
        let changes = [
            Self.event("DeregisterTargets", at: 600, by: "autoscaling.amazonaws.com", targets: ["10.0.2.12"]),
            Self.event(
                "ModifyTargetGroupAttributes",
                at: 900,
                by: "bob",
                attributes: ["deregistration_delay.timeout_seconds": "300"]
            ),
        ]
        let finding = CombinedDiagnosis(
            logs: logs,
            inputs: Self.inputs(changes: changes, group: Self.group(delay: 300))
        )
        .findings.first
        #expect(finding?.id == .targetDeregistered)
        #expect(finding?.confidence == 0.85, "a delay read from the burst is not raised to 0.95, nor weakened")
        let call = finding?.evidence.first { $0.details["event"] == "DeregisterTargets" }
        #expect(call?.details["deregistration_delay_seconds"] == "30")
        #expect(call?.summary.contains("as the end of the burst shows") == true)
        let history = finding?.evidence.first { $0.details["attribute"] != nil }
        #expect(history?.summary.contains("was about 30 s") == true)
        #expect(history?.summary.contains("bob set it to 300 s") == true)
    }

    // MARK: Malformed response

    /// 30 no-valid-response 502s, all on the export path, over three targets.
    static func malformedLines() -> [String] {
        (0..<180).map { i in
            let target = ["10.0.1.10", "10.0.1.11", "10.0.2.12"][(i % 6 == 0 ? i / 6 : i) % 3] + ":8080"
            return i % 6 == 0
                ? line(
                    Double(i) * 4,
                    target: target,
                    times: "0.000 0.250 -1",
                    elb: "502",
                    targetStatus: "-",
                    path: "/api/reports/\(i)/export"
                )
                : line(Double(i) * 4, target: target, path: "/api/orders/\(i)")
        }
    }

    @Test func noFailedConnectionStrengthensAMalformedResponse() {
        let logs = Self.diagnosis(Self.malformedLines())
        let metrics = [
            Self.series("HTTPCode_ELB_502_Count", [(0, 30)]),
            Self.series("TargetConnectionErrorCount", []),
            Self.series("TargetTLSNegotiationErrorCount", []),
        ]
        let finding = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics)).findings.first
        #expect(finding?.id == .targetMalformedResponse)
        #expect(finding?.confidence == 0.8)
        let metric = finding?.evidence.first { $0.source == .metric }
        #expect(metric?.details["total"] == "0" && metric?.details["elb_502"] == "30")
        #expect(metric?.summary.contains("TargetConnectionErrorCount and TargetTLSNegotiationErrorCount") == true)
    }

    @Test func failedConnectionsWeakenAMalformedResponse() {
        let logs = Self.diagnosis(Self.malformedLines())
        let metrics = [
            Self.series("HTTPCode_ELB_502_Count", [(0, 30)]),
            Self.series("TargetConnectionErrorCount", [(0, 4)]),
        ]
        let finding = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics)).findings.first {
            $0.id == .targetMalformedResponse
        }
        #expect((finding?.confidence ?? 1) < 0.75)
        #expect(finding?.evidence.contains { $0.details["total"] == "4" } == true)
    }

    // MARK: Counts

    @Test func theLogsOwnTarget502sAreNotComparedWithTheLoadBalancers() {
        var lines = (0..<100).map { Self.line(Double($0) * 5, target: "10.0.1.10:8080") }
        lines += (0..<20).map {
            Self.line(600 + Double($0), target: "10.0.1.10:8080", elb: "502", targetStatus: "502", path: "/pay/\($0)")
        }
        lines += (0..<3).map {
            Self.line(700 + Double($0), target: "10.0.1.11:8080", times: "-1 -1 -1", elb: "502", targetStatus: "-")
        }
        let logs = Self.diagnosis(lines)
        let metrics = [
            Self.series("HTTPCode_ELB_502_Count", [(11, 3)]),
            Self.series("HTTPCode_Target_5XX_Count", [(10, 20)], group: true),
        ]
        let diagnosis = CombinedDiagnosis(logs: logs, inputs: Self.inputs(metrics: metrics))
        let elb = diagnosis.comparisons.first { $0.metric == "HTTPCode_ELB_502_Count" }
        #expect(elb?.logs == 3 && elb?.metrics == 3 && elb?.agrees == true)
        let target = diagnosis.findings.first { $0.id == .targetApplication502 }
        #expect(target?.evidence.contains { $0.details["group:app"] == "20" } == true)
    }
}
