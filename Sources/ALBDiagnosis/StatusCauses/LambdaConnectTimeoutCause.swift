/// `lambda-connect-timeout` (504): the Lambda service did not respond before the connection
/// timeout (`error_reason` LambdaConnectionTimeout).
public struct LambdaConnectTimeoutCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .lambdaConnectTimeout }
    public var title: String { "Lambda service did not respond before the connection timeout (504)" }
    public var statusCodes: Set<Int> { [504] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard
            let stats = context.statuses.stats(
                of: StatusSignature(status: 504, id: StatusSignature.errorReason, code: "LambdaConnectionTimeout")
            ), stats.count > 0
        else { return [] }
        return [
            Finding(
                id: id,
                confidence: 0.9,
                count: stats.count,
                evidence: [
                    StatusCauseSupport.lines(
                        stats,
                        status: 504,
                        what:
                            "with error_reason LambdaConnectionTimeout: the load balancer's connection to the Lambda service timed out",
                        details: ["code": "LambdaConnectionTimeout"]
                    ),
                    StatusCauseSupport.spread(stats, status: 504),
                ],
                confirm: [
                    "CloudWatch LambdaInternalError (per TargetGroup) has data points at the same minutes (LambdaConnectionTimeout counts there).",
                    "The AWS Health Dashboard shows a Lambda event in the Region at that time.",
                ],
                fix: [
                    "Nothing in the function causes this: retry idempotent requests at the client, and open an AWS Support case with the request ids if it persists."
                ],
                status: 504
            )
        ]
    }
}
