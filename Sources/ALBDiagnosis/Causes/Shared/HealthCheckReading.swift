/// How a cause about targets reads the health-check logs against its finding (``Cause/weighLoadBalancerLogs(_:findings:)``):
/// the health checks of its targets in the minutes of their 502s.
///
/// - Failed checks with one of ``reasons`` in those minutes (the same failure seen by the checks): supported,
///   `strengthen(to: min(0.95, before + 0.2))`, one `health-check-log` evidence per target (up to five) with
///   the target, minutes, counts and reasons.
/// - Only passed checks in those minutes (every check of the target in the error minutes passed): weakened by
///   0.15, with the passes as evidence: what the cause breaks worked for the checks.
/// - No check of the targets in the logs: nothing changes.
struct HealthCheckReading {
    /// The reason codes that show this cause.
    var reasons: Set<String>
    /// How the errors are named in the evidence ("not-dispatched 502s").
    var errors: String
    /// Only checks over TLS count (`https`, `h2`).
    var tlsOnly = false
    /// Whether checks that all PASSed weaken the finding. Not for a cause the access log already proves from the
    /// target's own answer (`target_status_code` 502): a check path that works says nothing against a failing path.
    var passesWeaken = true

    /// The reason codes of a check that never got an answer in time.
    static let timeouts: Set<String> = ["TimedOut", "RequestTimedOut", "ConnectionTimedOut"]

    /// Applies the reading to `findings[id]` for `targets`.
    func apply(
        _ id: CauseID,
        targets: [String],
        context: DiagnosisContext,
        findings: inout [CauseID: Finding]
    ) {
        guard let logs = context.loadBalancerLogs, logs.healthChecks != nil, var finding = findings[id] else { return }
        var confirming: [Evidence] = []
        var passing: [String] = []
        var passes = 0
        for target in targets {
            let minutes = context.errorMinutes(target: target)
            guard let join = logs.join(target: target, minutes: minutes, reasons: reasons) else { continue }
            if tlsOnly && !join.usesTLS { continue }
            if let evidence = LoadBalancerLogs.evidence(join, errors: errors) {
                confirming.append(evidence)
            } else if join.checkedErrorMinutes > 0,
                logs.join(target: target, minutes: minutes)?.failureCount == 0
            {
                passing.append(target)
                passes += join.passesInErrorMinutes
            }
        }
        if !confirming.isEmpty {
            var evidence = Array(confirming.prefix(5))
            if confirming.count > 5 {
                evidence.append(
                    Evidence(
                        source: .healthCheckLog,
                        summary:
                            "\(confirming.count - 5) more targets' health checks failed the same way in the minutes of their errors.",
                        details: ["more_targets": String(confirming.count - 5)]
                    )
                )
            }
            finding.strengthen(to: min(0.95, finding.confidence + 0.2), adding: evidence)
        } else if !passing.isEmpty && passesWeaken {
            finding.weaken(
                by: 0.15,
                adding: [
                    Evidence(
                        source: .healthCheckLog,
                        summary:
                            "Every health check of \(Phrase.list(passing, limit: 3)) PASSed in the minutes of its \(errors) (\(passes) checks): the load balancer's own checks reached the target then.",
                        details: ["targets": passing.joined(separator: ","), "passed_checks": String(passes)]
                    )
                ]
            )
        } else {
            return
        }
        findings[id] = finding
    }
}
