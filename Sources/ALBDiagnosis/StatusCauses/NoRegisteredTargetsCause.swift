/// `no-registered-targets` (503): a listener rule forwarded to a target group with no registered
/// targets (or, in the current documentation, whose registered targets are all `unused`, e.g. in an
/// Availability Zone the load balancer does not enable).
///
/// Logs: 503 with no target chosen, no `error_reason` and no fixed-response action. The logs cannot
/// tell "none registered" from "all unused"; `diagnose` reads the registered targets per group.
///
/// Health-check logs (``healthCheckReading(_:groups:stats:)``): a group none of whose targets was checked in the
/// minutes of its 503s, while other groups were, had nothing registered to check (+0.1, up to 0.95). A group whose
/// targets were checked then was not empty: −0.2, and when every check FAILed the evidence says that the load
/// balancer fails open (it routes to unhealthy targets when none is healthy), so failing health checks alone do not
/// answer 503.
public struct NoRegisteredTargetsCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .noRegisteredTargets }
    public var title: String { "Target group with no registered or usable targets (503)" }
    public var statusCodes: Set<Int> { [503] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 503, id: StatusSignature.noTarget), stats.count > 0
        else { return [] }
        var evidence = [
            StatusCauseSupport.lines(
                stats,
                status: 503,
                what:
                    "without a target, an error_reason or a fixed-response action: the load balancer had no target to send them to"
            ),
            StatusCauseSupport.spread(stats, status: 503),
        ]
        var confidence = 0.8
        let config = context.configuration
        let groups = Set(stats.targetGroups.keys)
        let empty = config.emptyTargetGroups.filter { groups.isEmpty || groups.contains($0) }
        let unused = config.unusedTargetGroups.filter { groups.isEmpty || groups.contains($0) }
        if !empty.isEmpty {
            confidence = 0.95
            evidence.append(
                Evidence(
                    source: .configuration,
                    summary: "Target group(s) \(empty.joined(separator: ", ")) have no registered target.",
                    details: ["empty_target_groups": empty.joined(separator: ",")]
                )
            )
        }
        if !unused.isEmpty {
            confidence = max(confidence, 0.9)
            evidence.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "Every registered target of \(unused.joined(separator: ", ")) is in state unused (not registered in an enabled Availability Zone, or not in use by a rule).",
                    details: ["unused_target_groups": unused.joined(separator: ",")]
                )
            )
        }
        var finding = Finding(
            id: id,
            confidence: confidence,
            count: stats.count,
            evidence: evidence,
            confirm: [
                "`aws elbv2 describe-target-health --target-group-arn ARN` lists no target, or only targets in state unused.",
                "The listener rule that matched (matched_rule_priority in the example lines) forwards to that target group: `aws elbv2 describe-rules --listener-arn ARN`.",
                "CloudWatch HTTPCode_ELB_503_Count has data points at the same minutes; HealthyHostCount of the group is 0 or absent.",
            ],
            fix: [
                "Register targets in the target group (check the Auto Scaling group / ECS service attachment that should do it).",
                "Register the targets in Availability Zones that the load balancer enables, or enable those zones.",
                "Point the rule at the target group that has the targets, or remove the stale rule.",
            ],
            status: 503
        )
        if let checks = context.loadBalancerLogs?.healthChecks {
            Self.healthCheckReading(checks, groups: groups.subtracting(["-"]).sorted(), stats: stats, finding: &finding)
        }
        return [finding]
    }

    /// The health checks of the 503s' target groups in the minutes from their first to their last 503.
    static func healthCheckReading(
        _ checks: HealthCheckAggregator,
        groups: [String],
        stats: StatusSignatureStats,
        finding: inout Finding
    ) {
        guard let first = stats.span.first, let last = stats.span.last, !groups.isEmpty else { return }
        let minutes = (first / 60_000_000)...(last / 60_000_000)
        let span = "between \(UTCTime.iso8601Minute(micros: first)) and \(UTCTime.iso8601Minute(micros: last))"
        var unchecked: [String] = []
        var checked: [(group: String, pass: Int, fail: Int, reasons: [String: Int])] = []
        for group in groups {
            var pass = 0
            var fail = 0
            var reasons: [String: Int] = [:]
            for row in checks.rows(targetGroup: group) {
                for (minute, counts) in row.minutes where minutes.contains(minute) {
                    pass += counts.pass
                    fail += counts.fail
                    for (reason, n) in counts.reasons { reasons[reason, default: 0] += n }
                }
            }
            if pass + fail == 0 { unchecked.append(group) } else { checked.append((group, pass, fail, reasons)) }
        }
        let othersChecked = checks.targetRows.contains { row in
            !groups.contains(row.targetGroup) && row.minutes.keys.contains { minutes.contains($0) }
        }
        if !checked.isEmpty {
            let parts = checked.map { c in
                var text = "\(c.group): \(c.pass) passed, \(c.fail) failed"
                if c.pass == 0 {
                    let reasons = c.reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    text += " (\(reasons.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")))"
                }
                return text
            }
            var summary =
                "The health-check log has checks of the 503s' target group targets \(span) (\(parts.joined(separator: "; "))): targets were registered then, so the group was not empty."
            if checked.contains(where: { $0.pass == 0 }) {
                summary +=
                    " Every check of \(Phrase.list(checked.filter { $0.pass == 0 }.map(\.group))) FAILed: with no healthy target the load balancer fails open and routes to the unhealthy ones, so failing checks alone do not answer 503 — look for a rule forwarding to another, empty group, or targets deregistered and registered again in those minutes."
            }
            finding.weaken(
                by: 0.2,
                adding: [
                    Evidence(
                        source: .healthCheckLog,
                        summary: summary,
                        details: [
                            "checked_target_groups": checked.map(\.group).joined(separator: ","),
                            "passed_checks": String(checked.reduce(0) { $0 + $1.pass }),
                            "failed_checks": String(checked.reduce(0) { $0 + $1.fail }),
                        ]
                    )
                ]
            )
        } else if !unchecked.isEmpty && othersChecked {
            finding.strengthen(
                to: min(0.95, finding.confidence + 0.1),
                adding: [
                    Evidence(
                        source: .healthCheckLog,
                        summary:
                            "No target of \(Phrase.list(unchecked)) was health-checked \(span), while other target groups' targets were: the group had nothing registered to check.",
                        details: ["unchecked_target_groups": unchecked.joined(separator: ",")]
                    )
                ]
            )
        }
    }
}
