import ALBAccessLog

/// `target-flapping`: a target's health checks go back and forth between PASS and FAIL (from one minute to
/// the next, several times), so the load balancer keeps taking it out of the rotation and putting it back.
///
/// It claims no error (count 0): while flapping, the target's 502s are explained by what fails on it (refused,
/// reset, timed out), which its evidence names; this finding says the target is unstable rather than down.
public struct TargetFlappingCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetFlapping }
    public var statusCodes: Set<Int> { [] }
    public var title: String { "Target flapping between healthy and unhealthy (health-check logs)" }

    /// Changes between passing and failing minutes from which a target flaps.
    static let minimumTransitions = 4

    public func fromLogs(_ context: DiagnosisContext) -> Finding? {
        guard let checks = context.loadBalancerLogs?.healthChecks else { return nil }
        let flapping = checks.targetRows.filter { $0.transitions >= Self.minimumTransitions }
            .sorted { $0.transitions != $1.transitions ? $0.transitions > $1.transitions : $0.target < $1.target }
        guard let top = flapping.first else { return nil }
        var evidence: [Evidence] = []
        for row in flapping.prefix(5) {
            let failingMinutes = row.minutes.values.filter { $0.fail > 0 }.count
            let reasons = row.failReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.value) × \($0.key)" }
            let errors = context.logs.targetRows.first { $0.key == row.target }?.stats.elb502 ?? 0
            evidence.append(
                Evidence(
                    source: .healthCheckLog,
                    summary:
                        "Health checks of \(row.target) (target group \(row.targetGroup)) changed between PASS and FAIL \(row.transitions) times between \(Phrase.time(row.span.first)) and \(Phrase.time(row.span.last)): \(failingMinutes) of \(row.minutes.count) minutes with failures (\(reasons.joined(separator: ", "))), \(row.pass) checks passed"
                        + (errors > 0 ? "; the access log has \(Phrase.count502(errors)) on it." : "."),
                    details: [
                        "target": row.target, "target_group": row.targetGroup, "transitions": String(row.transitions),
                        "failed_checks": String(row.fail), "passed_checks": String(row.pass),
                        "failing_minutes": String(failingMinutes), "minutes": String(row.minutes.count),
                        "elb_502": String(errors),
                    ],
                    examples: row.failExamples
                )
            )
        }
        return Finding(
            id: id,
            title: flapping.count == 1
                ? "Target \(top.target) flapping between healthy and unhealthy" : nil,
            confidence: 0.6,
            count: 0,
            evidence: evidence,
            confirm: [
                "`aws elbv2 describe-target-health` a few times over minutes: the target's State goes from healthy to unhealthy and back (Reason Target.FailedHealthChecks / Target.Timeout).",
                "CloudWatch UnHealthyHostCount (Maximum, per TargetGroup, 1 minute) of \(top.targetGroup) rises and falls in the same minutes.",
                "On \(top.target): CPU, memory, garbage-collection pauses or a restart loop in the minutes of the failures.",
            ],
            fix: [
                "Find what makes the target slow or unavailable for short periods (saturation, pauses, restarts) and fix it, or give it more capacity.",
                "If the checks fail only under load, give them more room: a longer HealthCheckTimeoutSeconds, a higher UnhealthyThresholdCount, and a health endpoint that does not queue behind ordinary requests.",
            ],
            alternatives: [.targetRefusedConnection, .targetApplication502]
        )
    }
}
