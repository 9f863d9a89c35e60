/// `rule-evaluation-error` (500): the load balancer hit an error while evaluating the listener
/// rules (`matched_rule_priority` -1, no `error_reason`).
///
/// The documentation defines -1 as "an error during rule evaluation" without listing the errors; a
/// rule transform (host-header or URL rewrite) that matched but failed also answers 500, and the
/// logs do not say which one it was.
public struct RuleEvaluationErrorCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .ruleEvaluationError }
    public var title: String { "Error while evaluating the listener rules (500)" }
    public var statusCodes: Set<Int> { [500] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 500, id: StatusSignature.ruleEvaluationError), stats.count > 0
        else { return [] }
        return [
            Finding(
                id: id,
                confidence: 0.7,
                count: stats.count,
                evidence: [
                    StatusCauseSupport.lines(
                        stats,
                        status: 500,
                        what: "with matched_rule_priority -1 (an error during rule evaluation) and no error_reason"
                    ),
                    StatusCauseSupport.spread(stats, status: 500),
                ],
                confirm: [
                    "`aws elbv2 describe-rules --listener-arn ARN`: the rules matching these paths and hosts, in particular conditions and transforms (host-header-rewrite, url-rewrite) whose regex can fail on these requests.",
                    "The transformed_host / transformed_uri / request_transform_status fields of the example lines, when the logs have them.",
                ],
                fix: [
                    "Fix or simplify the rule (or transform) that fails on these requests; test it with the example request.",
                    "If no rule explains it, open an AWS Support case with the example lines (it is an error inside the load balancer).",
                ],
                status: 500
            )
        ]
    }
}
