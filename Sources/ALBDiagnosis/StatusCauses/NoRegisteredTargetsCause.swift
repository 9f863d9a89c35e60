/// `no-registered-targets` (503): a listener rule forwarded to a target group with no registered
/// targets (or, in the current documentation, whose registered targets are all `unused`, e.g. in an
/// Availability Zone the load balancer does not enable).
///
/// Logs: 503 with no target chosen, no `error_reason` and no fixed-response action. The logs cannot
/// tell "none registered" from "all unused"; `diagnose` reads the registered targets per group.
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
        return [
            Finding(
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
        ]
    }
}
