/// One cause of a non-502 status code: a pure function of the aggregated lines (and configuration).
public protocol StatusCauseRule: Sendable {
    /// The cause this rule recognises.
    var cause: CauseID { get }
    /// The status codes it explains (the rule runs only when one of them is selected).
    var statuses: [Int] { get }
    /// The findings (usually one), or none when the logs show nothing of this cause.
    func evaluate(_ context: StatusCauseContext) -> [Finding]
}

/// The status-code rules, in a fixed order.
public enum StatusCauseRules {
    /// Every rule.
    public static let all: [any StatusCauseRule] = [
        TargetResponseTimeoutCause(),
        TargetConnectTimeoutCause(),
        TargetTLSHandshakeTimeoutCause(),
        TargetBodyShorterThanContentLengthCause(),
        LambdaConnectTimeoutCause(),
        NoRegisteredTargetsCause(),
        WAFErrorCause(),
        AuthenticationErrorCause(),
        RuleEvaluationErrorCause(),
        ClientClosedEarlyCause(),
        XFFTooManyAddressesCause(),
        IncompatibleProtocolVersionCause(),
        IdPUnauthorizedCause(),
        TargetApplicationErrorCause(),
    ]

    /// The findings of every rule whose codes are selected (not ranked).
    public static func findings(_ context: StatusCauseContext, rules: [any StatusCauseRule] = all) -> [Finding] {
        rules.filter { rule in rule.statuses.contains(where: context.selects) }.flatMap { $0.evaluate(context) }
            .filter { context.selects($0.status ?? 0) }
    }
}
