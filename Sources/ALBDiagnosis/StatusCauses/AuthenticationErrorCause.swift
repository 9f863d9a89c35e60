/// `authentication-error` (500): an authenticate-oidc / authenticate-cognito action failed inside
/// the load balancer (`error_reason` `Auth…`): the IdP's token or userinfo endpoint unreachable or
/// slower than 5 s, user claims over 11 KB, an invalid cookie, or an internal exception.
public struct AuthenticationErrorCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .authenticationError }
    public var title: String { "Authenticate action failed (500)" }
    public var statusCodes: Set<Int> { [500] }

    static let meanings = [
        "AuthTokenEpRequestTimeout": "the load balancer could not reach the IdP's token endpoint in time",
        "AuthUserinfoEpRequestTimeout": "the load balancer could not reach the IdP's user-info endpoint in time",
        "AuthTokenEpRequestFailed": "the token endpoint answered with an error",
        "AuthUserinfoEpRequestFailed": "the user-info endpoint answered with an error",
        "AuthUserinfoResponseSizeExceeded": "the IdP's claims were larger than 11 KB",
        "AuthInvalidCookie": "the authentication session cookie was invalid",
        "AuthUnhandledException": "the load balancer hit an unhandled exception",
        "AuthMissingHostHeader": "the request had no Host header",
    ]

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        let codes = context.statuses.errorReasons(status: 500, prefix: "Auth")
        let total = codes.reduce(0) { $0 + $1.stats.count }
        guard total > 0 else { return [] }
        var evidence = codes.map { entry in
            StatusCauseSupport.lines(
                entry.stats,
                status: 500,
                what:
                    "with error_reason \(entry.code) (\(AuthenticationErrorCause.meanings[entry.code] ?? "an authentication error"))",
                details: ["code": entry.code]
            )
        }
        if context.configuration.hasAuthenticateAction == true {
            evidence.append(
                Evidence(
                    source: .configuration,
                    summary: "A listener rule of this load balancer has an authenticate action.",
                    details: ["authenticate_action": "true"]
                )
            )
        }
        let reasons = Set(codes.map(\.code))
        var fix: [String] = []
        if reasons.contains("AuthTokenEpRequestTimeout") || reasons.contains("AuthUserinfoEpRequestTimeout") {
            fix.append(
                "Let the load balancer reach the IdP: its endpoints must resolve in public DNS and be reachable over IPv4; allow outbound HTTPS in the load balancer's security group and network ACLs, and give its subnets internet access (internet gateway, or NAT for internal load balancers)."
            )
            fix.append("Make the IdP's token and user-info endpoints answer within 5 s.")
        }
        if reasons.contains("AuthUserinfoResponseSizeExceeded") {
            fix.append("Reduce the claims the IdP returns (fewer scopes or groups) to stay under 11 KB.")
        }
        if reasons.contains("AuthInvalidCookie") {
            fix.append(
                "Clear the invalid AWSELBAuthSessionCookie in the client; check nothing rewrites or truncates cookies."
            )
        }
        fix.append(
            "Check the authenticate action's issuer, endpoints, client id and secret against the IdP's configuration."
        )
        return [
            Finding(
                id: id,
                confidence: 0.9,
                count: total,
                evidence: evidence,
                confirm: [
                    "CloudWatch ELBAuthError (and ELBAuthUserClaimsSizeExceeded for oversize claims) has data points at the same minutes.",
                    "`aws elbv2 describe-rules --listener-arn ARN` shows the authenticate-oidc / authenticate-cognito action and its endpoints.",
                    "From a host in the load balancer's subnets, `curl -m 5 -sv TOKEN_ENDPOINT` resolves and connects.",
                ],
                fix: fix,
                status: 500
            )
        ]
    }
}
