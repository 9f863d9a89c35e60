/// `waf-error` (500): the load balancer could not execute the AWS WAF web ACL (`error_reason`
/// `WAFConnectionError`, `WAFConnectionTimeout`, `WAFResponseReadTimeout`, `WAFServiceError`,
/// `WAFUnhandledException`; `actions_executed` contains `waf-failed`).
public struct WAFErrorCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .wafError }
    public var title: String { "AWS WAF web ACL could not be executed (500)" }
    public var statusCodes: Set<Int> { [500] }

    static let meanings = [
        "WAFConnectionError": "the load balancer cannot connect to AWS WAF",
        "WAFConnectionTimeout": "the connection to AWS WAF timed out",
        "WAFResponseReadTimeout": "the request to AWS WAF timed out",
        "WAFServiceError": "AWS WAF returned a 5xx error",
        "WAFUnhandledException": "the load balancer hit an unhandled exception",
    ]

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        let codes = context.statuses.errorReasons(status: 500, prefix: "WAF")
        let total = codes.reduce(0) { $0 + $1.stats.count }
        guard total > 0 else { return [] }
        let evidence = codes.map { entry in
            StatusCauseSupport.lines(
                entry.stats,
                status: 500,
                what: "with error_reason \(entry.code) (\(WAFErrorCause.meanings[entry.code] ?? "a WAF error"))",
                details: ["code": entry.code]
            )
        }
        var confirm = [
            "`aws elbv2 describe-load-balancer-attributes`: waf.fail_open.enabled is false (with true the load balancer would have forwarded these requests).",
            "The AWS Health Dashboard shows an AWS WAF event in the Region at that time (WAFServiceError, timeouts).",
        ]
        if context.configuration.wafFailOpen == true {
            confirm.insert(
                "Configuration says waf.fail_open.enabled is true, which should forward instead of answering 500: check that the attribute was set before these requests.",
                at: 0
            )
        }
        return [
            Finding(
                id: id,
                confidence: 0.95,
                count: total,
                evidence: evidence,
                confirm: confirm,
                fix: [
                    "Transient AWS WAF errors: retry idempotent requests at the client; open an AWS Support case with the request ids if they persist.",
                    "Set waf.fail_open.enabled to true if availability matters more than filtering every request while WAF is unreachable.",
                    "Simplify a web ACL whose evaluation times out (very large regex or IP sets, many rules).",
                ],
                status: 500
            )
        ]
    }
}
