/// `idp-unauthorized` (561): the identity provider returned an error code to the load balancer's
/// authenticate action (typically `error_reason` AuthTokenEpRequestFailed or
/// AuthUserinfoEpRequestFailed).
public struct IdPUnauthorizedCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .idpUnauthorized }
    public var title: String { "Identity provider returned an error to the authenticate action (561)" }
    public var statusCodes: Set<Int> { [561] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let code = context.statuses.codes[561], code.count > 0 else { return [] }
        let reasons = context.statuses.errorReasons(status: 561, prefix: "")
        var evidence = reasons.map {
            StatusCauseSupport.lines(
                $0.stats,
                status: 561,
                what: "with error_reason \($0.code)",
                details: ["code": $0.code]
            )
        }
        if evidence.isEmpty, let first = context.statuses.signatures(of: 561).first {
            evidence.append(StatusCauseSupport.lines(first.stats, status: 561, what: "from the authenticate action"))
        }
        return [
            Finding(
                id: id,
                confidence: 0.9,
                count: code.count,
                evidence: evidence,
                confirm: [
                    "CloudWatch ELBAuthError / ELBAuthFailure have data points at the same minutes.",
                    "The IdP's logs show the token or user-info requests from the load balancer and the error it returned (invalid client, secret, redirect URI or grant).",
                ],
                fix: [
                    "Fix the authenticate action's client id, client secret and endpoints to match the IdP; the redirect URI registered at the IdP must be https://DNS/oauth2/idpresponse.",
                    "Check the IdP's own limits and availability at that time.",
                ],
                status: 561
            )
        ]
    }
}
