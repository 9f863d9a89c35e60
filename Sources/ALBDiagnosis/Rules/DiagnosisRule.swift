/// One rule per cause: looks at the context and returns a finding when its evidence is present.
public protocol DiagnosisRule: Sendable {
    /// The cause this rule recognises.
    var cause: CauseID { get }
    /// The finding, or `nil` when the logs show nothing of this cause.
    func evaluate(_ context: DiagnosisContext) -> Finding?
}

/// The rules, in a fixed order.
public enum DiagnosisRules {
    /// Every access-log rule.
    public static let all: [any DiagnosisRule] = [
        TargetApplication502Rule(),
        TargetConnectionRefusedRule(),
        TargetUnreachableRule(),
        TLSHandshakeRule(),
        KeepAliveTimeoutRule(),
        MalformedResponseRule(),
        DeregistrationRule(),
        LambdaResponseTooLargeRule(),
        LambdaUnhandledRule(),
        LambdaThrottlingRule(),
        LambdaErrorRule(),
    ]
}
